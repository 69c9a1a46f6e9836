package org.blendstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code java -jar target/blendstream.jar}: one subcommand per task. */
@Command(name = "blendstream", mixinStandardHelpOptions = true, version = "blendstream 0.1.0",
    description = "Stream ensembling of LLM answers: assemble candidate sets, rank them pairwise, fuse the best.",
    subcommands = {RunCommand.class, DemoCommand.class, WatchCommand.class, ProduceCommand.class, TopicsCommand.class, RankCommand.class, FuseCommand.class, BenchCommand.class, ReplayCommand.class, EvalCommand.class, TrainRankerCommand.class, AverageRankerCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Subcommands register here, so that each stage's command lives in its own class. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}

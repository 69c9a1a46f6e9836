package org.blendstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** Entry point of {@code java -jar target/blendstream.jar}: one subcommand per task. */
@Command(
    name = "blendstream",
    mixinStandardHelpOptions = true,
    version = "blendstream 0.1.0",
    description =
        "Stream ensembling of LLM answers: assemble candidate sets, rank them pairwise, fuse the"
            + " best.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:a check failed (topics: some are missing)",
      "2:usage error (unknown option, missing argument)",
      "3:bad input or config (missing file or folder, invalid value)",
      "4:runtime failure (anything else; rerun with --stacktrace)"
    },
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      WatchCommand.class,
      ProduceCommand.class,
      TopicsCommand.class,
      RankCommand.class,
      FuseCommand.class,
      BenchCommand.class,
      ReplayCommand.class,
      EvalCommand.class,
      FitPriorCommand.class,
      FitEnsembleCommand.class,
      TrainRankerCommand.class,
      AverageRankerCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = "--stacktrace",
      scope = ScopeType.INHERIT,
      description = "On failure, print the full stack trace instead of one line.")
  boolean stacktrace;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Subcommands register here, so that each stage's command lives in its own class. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setExecutionExceptionHandler(new ErrorHandler());
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

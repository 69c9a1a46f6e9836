package org.blendstream.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.blendstream.BlendConfig;
import org.blendstream.app.AnswerFeed;
import org.blendstream.avro.ModelPriors;
import org.blendstream.emit.PriorsView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Tails the blended answers of a running cluster, printed as the demo prints them. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    resourceBundle = "org.blendstream.cli.WatchCommand",
    description =
        "Print the blended answers of a running cluster as they are committed (read_committed);"
            + " with --priors, the priors learned from feedback.")
final class WatchCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Option(
      names = "--from-beginning",
      description = "Start at the oldest answer still on the topic, not at its end.")
  boolean fromBeginning;

  @Option(
      names = "--max",
      paramLabel = "N",
      description = "Stop after N answers (default: run until interrupted).")
  Integer max;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Stop after this many seconds without a new answer (default: wait forever).")
  Double timeoutSeconds;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Also write each answer as a JSON line, as it comes.")
  Path out;

  @Option(
      names = "--priors",
      description =
          "Print the priors learned from feedback (blend.model-priors: each model's strength and"
              + " feedback count, strongest first) as they are updated, instead of the answers.")
  boolean priors;

  @Override
  public Integer call() {
    PrintWriter console = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BlendConfig config = options.loadCluster(spec, Map.of());
    long seen = 0;
    String topic = priors ? config.topics().modelPriors() : config.topics().blended();
    try (AnswerFeed<?> feed =
        priors
            ? AnswerFeed.open(
                config,
                topic,
                ModelPriors.class,
                fromBeginning,
                console,
                out,
                PriorsView::toText,
                PriorsView::toMap)
            : AnswerFeed.open(config, fromBeginning, console, out)) {
      err.printf(
          "watching %s on %s%s%n",
          topic,
          config.bootstrapServers(),
          fromBeginning ? " from the beginning" : priors ? " for new priors" : " for new answers");
      err.flush();
      long quietSince = System.nanoTime();
      while (max == null || seen < max) {
        int read =
            feed.poll(Duration.ofMillis(200), max == null ? Long.MAX_VALUE : max - seen).size();
        if (read > 0) {
          seen += read;
          quietSince = System.nanoTime();
        } else if (timeoutSeconds != null
            && System.nanoTime() - quietSince > timeoutSeconds * 1e9) {
          break;
        }
      }
    }
    err.printf(priors ? "%d priors records%n" : "%d answers%n", seen);
    err.flush();
    return 0;
  }
}

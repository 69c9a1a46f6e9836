package org.blendstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.blendstream.BlendConfig;
import org.blendstream.SharedSupplier;
import org.blendstream.Topics;
import org.blendstream.app.ReplayJob;
import org.blendstream.app.ReplayRange;
import org.blendstream.app.TopicSnapshot;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.CandidateSet;
import org.blendstream.emit.BlendedResponseView;
import org.blendstream.eval.ReplayComparison;
import org.blendstream.eval.report.EvalHtml;
import org.blendstream.fuse.FusionStep;
import org.blendstream.fuse.FusionSteps;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Rankers;
import org.blendstream.runtime.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Replays recorded candidate sets through another ranker (and the configured fuser) as a Kafka
 * Streams job beside the live pipeline, into the replay's own topics, and optionally compares its
 * answers with the recorded ones.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Re-rank (and re-fuse, when fusion is configured) the recorded candidate sets between --from"
          + " and --to as a Kafka Streams job of its own, writing <prefix>.blended.replay.<version>"
          + " and <prefix>.rankings.replay.<version>; the live pipeline and its topics are"
          + " untouched.",
      "--from/--to: a number is an offset (in every partition), anything else a time: 2026-11-24 or"
          + " 2026-11-24T08:00 (UTC), 2026-11-24T08:00:00Z, or a duration ago (P7D, PT2H). --from"
          + " is inclusive, --to exclusive; the default is the whole topic as it stands when the"
          + " replay starts."
    })
final class ReplayCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConfigOptions options;

  @Option(
      names = "--ranker",
      required = true,
      description =
          "Ranker to replay with (any `ranker` value: ensemble, builtin, pairranker, reward, auto,"
              + " longest, random, ...).")
  String ranker;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "Model directory for pairranker or reward.")
  String model;

  @Option(
      names = "--aggregation",
      description = "Aggregation for pairranker (maxlogits, maxwins, bubble).")
  String aggregation;

  @Option(
      names = "--from",
      paramLabel = "OFFSET|TIME",
      description = "First set to replay (inclusive; default: the first).")
  String from;

  @Option(
      names = "--to",
      paramLabel = "OFFSET|TIME",
      description = "End of the range (exclusive; default: the end when the replay starts).")
  String to;

  @Option(
      names = "--version",
      paramLabel = "NAME",
      description =
          "Names the replay's topics and application.id (default: the ranker and its version, e.g."
              + " longest-v1).")
  String version;

  @Option(
      names = "--replace",
      description = "Delete an earlier replay of the same version (its topics and group) first.")
  boolean replace;

  @Option(
      names = "--compare",
      description =
          "Join the replayed answers with the recorded ones by request id and report agreement, the"
              + " changed selections, and the quality delta where requests carry judge scores or a"
              + " reference.")
  boolean compare;

  @Option(
      names = "--report",
      paramLabel = "FILE.html",
      description =
          "With --compare: also write a self-contained HTML report of the comparison and its"
              + " changed selections.")
  Path html;

  @Override
  public Integer call() throws IOException {
    Map<String, Object> flags = new HashMap<>();
    flags.put(BlendConfig.RANKER, ranker);
    if (model != null) {
      flags.put(BlendConfig.RANKER_MODEL_DIR, model);
    }
    if (aggregation != null) {
      flags.put(BlendConfig.RANKER_AGGREGATION, aggregation);
    }
    if (html != null && !compare) {
      throw new ParameterException(
          spec.commandLine(), "--report needs --compare: it reports the comparison");
    }
    BlendConfig config = options.loadCluster(spec, flags);
    if (aggregation != null && !Rankers.comparesPairs(Rankers.resolve(config))) {
      throw new ParameterException(
          spec.commandLine(),
          "--aggregation applies to pair models (pairranker, builtin); "
              + Rankers.resolve(config)
              + " scores each candidate on its own");
    }
    ReplayRange range;
    try {
      range = ReplayRange.parse(from, to, Instant.now());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ReplayJob.Result result;
    String label;
    try (SharedSupplier<Ranker> rankers = Rankers.supplier(config);
        SharedSupplier<FusionStep> fusionSteps = FusionSteps.shared(config)) {
      try (Ranker probe = rankers.get()) {
        label = BlendedResponseView.rankerLabel(probe.info());
      }
      String name = version != null ? version : label;
      try {
        Topics.replayVersion(name);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--version: " + e.getMessage());
      }
      Progress[] progress = new Progress[1];
      result =
          ReplayJob.run(
              config,
              name,
              range,
              replace,
              rankers,
              fusionSteps,
              span -> {
                err.printf(
                    "replaying %d candidate sets of %s (%s) with %s%s%n",
                    span.records(),
                    span.topic(),
                    offsets(span),
                    label,
                    config.fuserEnabled() || config.llm().llmFuser() ? ", fusing" : "");
                err.flush();
                progress[0] = new Progress("replay", span.records(), err);
              },
              done -> progress[0].update(done));
      progress[0].done();
    }
    out.printf(
        "replayed %d sets with %s in %.1f s into %s and %s%n",
        result.blended(),
        label,
        result.seconds(),
        result.topics().blended(),
        result.topics().rankings());
    if (compare) {
      ReplayComparison.Result c = printComparison(out, config, result);
      if (html != null) {
        EvalCommand.writeHtml(
            html,
            EvalHtml.replay(
                c,
                c.recordedRanker() == null
                    ? config.topics().blended()
                    : RankerLabel.of(c.recordedRanker()),
                label));
        out.printf("report: %s%n", html);
      }
    }
    out.flush();
    return 0;
  }

  private static String offsets(TopicSnapshot.Span span) {
    return span.partitions().entrySet().stream()
        .map(
            e ->
                "partition "
                    + e.getKey()
                    + " offsets "
                    + e.getValue().start()
                    + ".."
                    + e.getValue().end())
        .collect(Collectors.joining(", "));
  }

  private static ReplayComparison.Result printComparison(
      PrintWriter out, BlendConfig config, ReplayJob.Result result) {
    List<BlendedResponse> replayed =
        TopicSnapshot.read(config, result.topics().blended(), BlendedResponse.class);
    List<BlendedResponse> recorded =
        TopicSnapshot.read(config, config.topics().blended(), BlendedResponse.class);
    Set<String> ids =
        replayed.stream().map(BlendedResponse::getRequestId).collect(Collectors.toSet());
    List<CandidateSet> sets =
        TopicSnapshot.read(config, config.topics().candidateSets(), CandidateSet.class).stream()
            .filter(s -> ids.contains(s.getRequestId()))
            .toList();
    ReplayComparison.Result c = ReplayComparison.compare(sets, recorded, replayed);
    out.printf(
        "compared %d of %d replayed answers with %s%s%n",
        c.compared(),
        c.replayed(),
        config.topics().blended(),
        c.recordedRanker() == null
            ? ""
            : " (recorded by " + RankerLabel.of(c.recordedRanker()) + ")");
    out.printf(
        "  same selection       %6.1f%%  (%d of %d)%n",
        100 * c.agreement(), c.compared() - c.changed().size(), c.compared());
    out.printf("  mean Spearman rho    %6.3f%n", c.meanSpearman());
    for (ReplayComparison.MetricDelta m : c.metrics()) {
      out.printf(
          "  %s delta  %+.4f mean over %d requests%n", m.metric(), m.meanDelta(), m.requests());
    }
    List<ReplayComparison.Row> changed = c.changed();
    out.printf("changed selections: %d%n", changed.size());
    for (ReplayComparison.Row r : changed) {
      out.printf(
          "  %s  %s -> %s%s%n",
          r.requestId(),
          r.recordedModel(),
          r.replayedModel(),
          r.metric() == null ? "" : String.format("  %s %+.4f", r.metric(), r.metricDelta()));
    }
    return c;
  }
}

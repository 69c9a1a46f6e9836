package org.blendstream.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.blendstream.BlendConfig;
import org.blendstream.SharedSupplier;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.CandidateSet;
import org.blendstream.eval.ReplayComparison;
import org.blendstream.eval.TopicSnapshot;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Rankers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Replays the recorded candidate sets of a cluster through another ranker and compares it with the recorded answers. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Re-rank the recorded candidate sets with another ranker and compare with the recorded answers.")
final class ReplayCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions options;

  @Option(names = "--ranker", required = true, description = "Ranker to replay with: builtin, pairranker, random, longest.")
  String ranker;

  @Option(names = "--model", paramLabel = "DIR", description = "Model directory for pairranker.")
  String model;

  @Option(names = "--aggregation", description = "Aggregation for pairranker (maxlogits, maxwins, bubble).")
  String aggregation;

  @Override
  public Integer call() {
    Map<String, Object> flags = new HashMap<>();
    flags.put(BlendConfig.RANKER, ranker);
    if (model != null) {
      flags.put(BlendConfig.RANKER_MODEL_DIR, model);
    }
    if (aggregation != null) {
      flags.put(BlendConfig.RANKER_AGGREGATION, aggregation);
    }
    BlendConfig config = options.loadCluster(spec, flags);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<CandidateSet> sets = TopicSnapshot.read(config, config.topics().candidateSets(), CandidateSet.class);
    List<BlendedResponse> recorded = TopicSnapshot.read(config, config.topics().blended(), BlendedResponse.class);
    err.printf("replaying %d candidate sets against %d recorded answers%n", sets.size(), recorded.size());
    err.flush();
    Progress progress = new Progress("replay", sets.size());
    ReplayComparison.Result r;
    try (SharedSupplier<Ranker> rankers = Rankers.supplier(config); Ranker replayRanker = rankers.get()) {
      r = ReplayComparison.compare(sets, recorded, replayRanker, progress::step);
    }
    progress.done();
    out.printf("replayed %d sets with %s; %d had a recorded answer%s%n", r.sets(), RankerLabel.of(r.replayRanker()),
        r.compared(), r.recordedRanker() == null ? "" : " (by " + RankerLabel.of(r.recordedRanker()) + ")");
    out.printf("  same best candidate   %6.1f%%%n", 100 * r.top1Agreement());
    out.printf("  mean Spearman rho     %6.3f%n", r.meanSpearman());
    out.printf("  pairs scored          %6d  (%.1f pairs/s, %.1f s)%n", r.pairsScored(),
        r.seconds() > 0 ? r.pairsScored() / r.seconds() : 0, r.seconds());
    out.flush();
    return 0;
  }
}

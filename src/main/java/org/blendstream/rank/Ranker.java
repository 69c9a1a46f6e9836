package org.blendstream.rank;

import org.blendstream.BlendMetrics;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankerInfo;

/**
 * Orders the candidates of one set. Learned rankers fill a comparison matrix; baselines leave it
 * empty. One instance serves one stream thread, so implementations may hold a non-thread-safe
 * predictor.
 */
public interface Ranker extends AutoCloseable {

  /** Ranks every candidate of the set, in the set's candidate order. */
  Ranking rank(CandidateSet set);

  /** Name, version, aggregation, device and dtype, as written in the blended output. */
  RankerInfo info();

  /**
   * A ranking with the ranker that made it; {@code fallbackReason} is set when a stand-in ranked
   * instead.
   */
  record Outcome(Ranking ranking, RankerInfo rankedBy, String fallbackReason) {}

  /**
   * What the rank stage calls: a ranker that can hand a set to a stand-in (LlmJudgeRanker) says so
   * here.
   */
  default Outcome rankOrFallBack(CandidateSet set) {
    return new Outcome(rank(set), info(), null);
  }

  /**
   * The learned prior this ranker reads, for the rank processor to bind to its table; null when it
   * reads none.
   */
  default LivePrior livePrior() {
    return null;
  }

  /**
   * The rank processor's verdict store (when the topology has one) and the app's meters, once per
   * task.
   */
  default void attach(VerdictCache verdicts, BlendMetrics metrics) {}

  @Override
  default void close() {}
}

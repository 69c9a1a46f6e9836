package org.blendstream.rank;

import java.util.function.Supplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.blendstream.BlendMetrics;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ranks each candidate set. One ranker per processor instance, so a model predictor is never shared
 * between stream threads. A ranker failure is passed on, not thrown: the user still gets an answer.
 */
final class RankProcessor extends ContextualFixedKeyProcessor<String, CandidateSet, RankedSet> {

  private static final Logger LOG = LoggerFactory.getLogger(RankProcessor.class);
  private final Supplier<Ranker> rankers;
  private final BlendMetrics metrics;
  private Ranker ranker;

  private final String verdictStore;
  private final long verdictRetentionMs;

  /** The learned priors' global store, or null when the prior is a file. */
  private final String priorStore;

  /**
   * @param verdictStore the verdict cache's store, or null when the ranker needs none
   * @param verdictRetentionMs how long a verdict is kept, by wall clock
   * @param priorStore the global store of the learned priors (feedback.enabled), or null
   */
  RankProcessor(
      Supplier<Ranker> rankers,
      BlendMetrics metrics,
      String verdictStore,
      long verdictRetentionMs,
      String priorStore) {
    this.priorStore = priorStore;
    this.rankers = rankers;
    this.metrics = metrics;
    this.verdictStore = verdictStore;
    this.verdictRetentionMs = verdictRetentionMs;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, RankedSet> context) {
    super.init(context);
    ranker = rankers.get();
    VerdictCache verdicts = VerdictCache.inMemory();
    if (verdictStore != null) {
      VerdictStore store =
          new VerdictStore(
              context.getStateStore(verdictStore),
              verdictRetentionMs,
              context::currentSystemTimeMs);
      context.schedule(
          VerdictStore.PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> store.purge());
      verdicts = store;
    }
    ranker.attach(verdicts, metrics);
    LivePrior live = ranker.livePrior();
    if (live != null && priorStore != null) {
      live.bind(context.getStateStore(priorStore));
    }
    metrics.modelInUse("ranker", ranker.info().getName(), ranker.info().getVersion());
  }

  @Override
  public void process(FixedKeyRecord<String, CandidateSet> record) {
    context().forward(record.withValue(rank(ranker, record.value())));
  }

  private RankedSet rank(Ranker ranker, CandidateSet set) {
    long start = System.nanoTime();
    try {
      Ranker.Outcome outcome = ranker.rankOrFallBack(set);
      long nanos = System.nanoTime() - start;
      metrics.ranked(ranker.info().getName(), nanos, outcome.ranking().comparedPairs());
      if (outcome.fallbackReason() != null) {
        LOG.warn(
            "request {} ranked by {} instead of {}: {}",
            set.getRequestId(),
            outcome.rankedBy().getName(),
            ranker.info().getName(),
            outcome.fallbackReason());
      }
      return new RankedSet(
          set,
          outcome.ranking(),
          withPrior(outcome.rankedBy(), ranker.livePrior()),
          nanos / 1_000_000,
          outcome.fallbackReason());
    } catch (RuntimeException e) {
      LOG.error("ranker {} failed on request {}", ranker.info().getName(), set.getRequestId(), e);
      return new RankedSet(
          set,
          null,
          ranker.info(),
          (System.nanoTime() - start) / 1_000_000,
          RankedSet.RANKER_ERROR + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** The answer records which learned priors ranked it, and how much feedback they rest on. */
  private static RankerInfo withPrior(RankerInfo info, LivePrior live) {
    if (live == null) {
      return info;
    }
    return RankerInfo.newBuilder(info)
        .setPriorVersion(live.usedVersion())
        .setPriorFeedback(live.usedFeedback())
        .build();
  }

  @Override
  public void close() {
    if (ranker != null) {
      ranker.close();
    }
  }
}

package org.blendstream.rank;

import java.util.function.Supplier;
import org.blendstream.BlendMetrics;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.blendstream.avro.CandidateSet;
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

  /**
   * @param verdictStore the verdict cache's store, or null when the ranker needs none
   * @param verdictRetentionMs how long a verdict is kept, by wall clock
   */
  RankProcessor(Supplier<Ranker> rankers, BlendMetrics metrics, String verdictStore, long verdictRetentionMs) {
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
      VerdictStore store = new VerdictStore(context.getStateStore(verdictStore), verdictRetentionMs,
          context::currentSystemTimeMs);
      context.schedule(VerdictStore.PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> store.purge());
      verdicts = store;
    }
    ranker.attach(verdicts, metrics);
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
        LOG.warn("request {} ranked by {} instead of {}: {}", set.getRequestId(), outcome.rankedBy().getName(),
            ranker.info().getName(), outcome.fallbackReason());
      }
      return new RankedSet(set, outcome.ranking(), outcome.rankedBy(), nanos / 1_000_000, outcome.fallbackReason());
    } catch (RuntimeException e) {
      LOG.error("ranker {} failed on request {}", ranker.info().getName(), set.getRequestId(), e);
      // The phrase is fuse.FallbackReason.RANKER_ERROR, by which the fallback is counted.
      return new RankedSet(set, null, ranker.info(), (System.nanoTime() - start) / 1_000_000,
          "ranker error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    if (ranker != null) {
      ranker.close();
    }
  }
}

package org.blendstream.rank;

import java.util.List;

/**
 * The one pair-scoring interface. A scorer prepares a set once (tokenizing the source and every
 * candidate a single time), then scores any batch of ordered pairs of it. A positive logit means
 * the first of the pair is better. Implementations: {@link ModelPairScorer} over either pair model
 * (the TorchScript PairRanker or the built-in ranker), and an instrumented scorer in tests.
 */
public interface PairScorer extends AutoCloseable {

  /** Readies one set for scoring: the source text and the candidate texts in matrix order. */
  PreparedSet prepare(String source, List<String> candidates);

  /** Ranker name for ranker info: which kind of model scores. */
  default String rankerName() {
    return PairwiseRanker.NAME;
  }

  /** Version string of the model, for ranker info. */
  String version();

  /** Device the scorer runs on ({@code cpu}, {@code gpu(0)}). */
  String device();

  /** Data type of the weights at inference ({@code float32}, {@code float16}). */
  String dtype();

  @Override
  default void close() {}

  /** One prepared set. */
  interface PreparedSet {

    int size();

    /** The logit of every pair, in the order given. */
    double[] logits(List<CandidatePair> pairs);
  }
}

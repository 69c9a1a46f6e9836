package org.blendstream.model;

import ai.djl.inference.Predictor;
import java.util.List;

/**
 * A loaded pairwise model as the scorer needs it: how texts become token ids, how ids become one
 * pair sequence, and a predictor from a batch of pair sequences to one logit each. The TorchScript
 * PairRanker and the built-in MiniLM ranker are the two implementations, so both share one scorer,
 * one matrix and the same aggregations. Closing it frees the weights; close it after every
 * predictor taken from it.
 */
public interface PairModel extends AutoCloseable {

  PairTextEncoder encoder();

  PairSequenceLayout layout();

  /**
   * A predictor for one thread: a DJL predictor is not thread-safe, the weights behind it are
   * shared.
   */
  Predictor<List<PairRow>, float[]> newPredictor();

  /** Ranker name written into ranker info, so outputs say which kind of model ranked them. */
  default String rankerName() {
    return "pairranker";
  }

  /** Version string written into ranker info. */
  String version();

  /** {@code cpu} or {@code gpu(N)}, as written into ranker info. */
  String deviceName();

  /** The weights' dtype at inference. */
  String dtype();

  /** Where the model came from, for error messages. */
  String describe();

  @Override
  void close();
}

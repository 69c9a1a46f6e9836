package org.blendstream.rank;

import org.blendstream.avro.CandidateSet;

/**
 * A score per candidate that needs no pairwise model pass: a ranker on its own ({@link
 * SignalRanker}) and a feature of a combined ranker. One instance serves one stream thread unless
 * the implementation says otherwise.
 */
public interface CandidateSignal extends AutoCloseable {

  /** The ranker name that selects this signal, and the feature name it is reported under. */
  String name();

  /** One number per candidate, in the set's candidate order; higher is better. */
  double[] score(CandidateSet set);

  @Override
  default void close() {}
}

package org.blendstream.rank;

import org.blendstream.avro.CandidateSet;

/**
 * A signal computed from the set's words, so that the signals of one ranker can share one scan of
 * them.
 */
interface WordSignal extends CandidateSignal {

  /** As {@link #score(CandidateSet)}, from the set's words. */
  double[] score(SetWords words);

  @Override
  default double[] score(CandidateSet set) {
    return score(SetWords.of(set));
  }
}

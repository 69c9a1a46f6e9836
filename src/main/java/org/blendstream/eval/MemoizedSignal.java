package org.blendstream.eval;

import java.util.HashMap;
import java.util.Map;
import org.blendstream.avro.CandidateSet;
import org.blendstream.rank.CandidateSignal;

/**
 * Remembers a training-free signal's scores per set, so that K folds and several strategies that
 * share it (a signal alone, and the ensemble terms fitted on it) pay for the encodes once. Sets are
 * keyed by request id: in an evaluation one id is one instruction restricted to one pool.
 */
final class MemoizedSignal implements CandidateSignal {

  private final CandidateSignal signal;
  private final Map<String, double[]> scores = new HashMap<>();

  MemoizedSignal(CandidateSignal signal) {
    this.signal = signal;
  }

  @Override
  public String name() {
    return signal.name();
  }

  @Override
  public double[] score(CandidateSet set) {
    return scores.computeIfAbsent(set.getRequestId(), id -> signal.score(set)).clone();
  }

  /** Closes the signal itself: the strategies that borrow it per fold must not. */
  void release() {
    try {
      signal.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot close signal " + signal.name(), e);
    }
  }

  /** Each fold's ranker closes what it was given; the memo outlives the folds. */
  @Override
  public void close() {}
}

package org.blendstream.rank;

import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankerInfo;

/**
 * Orders the candidates of one set. Learned rankers fill a comparison matrix; baselines leave it empty.
 * One instance serves one stream thread, so implementations may hold a non-thread-safe predictor.
 */
public interface Ranker extends AutoCloseable {

  /** Ranks every candidate of the set, in the set's candidate order. */
  Ranking rank(CandidateSet set);

  /** Name, version, aggregation, device and dtype, as written in the blended output. */
  RankerInfo info();

  @Override
  default void close() {}
}

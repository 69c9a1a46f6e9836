package org.blendstream.rank;

import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankerInfo;

/**
 * A candidate set with its ranking, handed from the rank stage to the fuse stage in memory.
 * {@code ranking} is null when the ranker failed; {@code rankerError} then says why.
 */
public record RankedSet(CandidateSet set, Ranking ranking, RankerInfo ranker, long rankingMs, String rankerError) {

  public boolean ranked() {
    return ranking != null;
  }
}

package org.blendstream.rank;

import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankerInfo;

/**
 * A candidate set with its ranking, handed from the rank stage to the fuse stage in memory. {@code
 * ranking} is null when the ranker failed; {@code rankerError} then says why. With a ranking, a
 * non-null {@code rankerError} says why a stand-in (the ensemble, for the LLM judge) ranked
 * instead; {@code ranker} names it.
 */
public record RankedSet(
    CandidateSet set, Ranking ranking, RankerInfo ranker, long rankingMs, String rankerError) {

  /**
   * The phrase that starts {@code rankerError} when the ranker threw; fuse counts the fallback by
   * it.
   */
  public static final String RANKER_ERROR = "ranker error";

  public boolean ranked() {
    return ranking != null;
  }
}

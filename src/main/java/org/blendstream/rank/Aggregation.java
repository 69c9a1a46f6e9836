package org.blendstream.rank;

import java.util.List;

/**
 * Turns pairwise verdicts into a ranking. An aggregation decides which pairs it needs (all of them
 * for a full matrix, a chain for bubble), so it is handed the prepared set rather than a finished
 * matrix.
 */
public interface Aggregation {

  /** Lowercase name as used in config and in the request's {@code aggregation} field. */
  String name();

  /** Ranks the set's candidates; {@code requestId} seeds any randomness so results repeat. */
  Ranking rank(List<String> models, PairScorer.PreparedSet set, String requestId);
}

package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Counts forward pair evaluations through the instrumented scorer, per aggregation, via the real
 * ranker.
 */
class PairEvaluationCountTest {

  private static CountingMatrixScorer scorer() {
    return new CountingMatrixScorer((i, j) -> (double) (i - j) + 0.1 * i);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 8, 12})
  void bubbleEvaluatesExactlyTwoTimesNMinusOnePairs(int n) {
    CountingMatrixScorer scorer = scorer();
    try (PairwiseRanker ranker = new PairwiseRanker(scorer, new MaxLogits(), null)) {
      Ranking r = ranker.rank(TestSets.set("req-" + n, "bubble", TestSets.answers(n)));
      assertEquals(2 * (n - 1), scorer.pairsScored);
      assertEquals("bubble", r.aggregation());
      assertFalse(r.fullRanking());
      assertEquals(n - 1, r.best());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"maxlogits", "maxwins"})
  void fullModeEvaluatesEveryOrderedPairOnce(String aggregation) {
    for (int n : new int[] {1, 2, 3, 5, 8, 12}) {
      CountingMatrixScorer scorer = scorer();
      try (PairwiseRanker ranker =
          new PairwiseRanker(scorer, Aggregations.byName(aggregation), null)) {
        Ranking r = ranker.rank(TestSets.set("req", null, TestSets.answers(n)));
        assertEquals(n * (n - 1), scorer.pairsScored, "n=" + n);
        assertTrue(r.fullRanking());
        assertTrue(r.flatMatrix().stream().allMatch(x -> x != null), "full matrix has no nulls");
      }
    }
  }

  @Test
  void requestAggregationOverridesTheDeployment() {
    try (PairwiseRanker ranker = new PairwiseRanker(scorer(), new MaxLogits(), null)) {
      assertEquals(
          "maxwins", ranker.rank(TestSets.set("r", "MaxWins", TestSets.answers(3))).aggregation());
      assertEquals(
          "maxlogits", ranker.rank(TestSets.set("r", null, TestSets.answers(3))).aggregation());
      assertEquals("maxlogits", ranker.info().getAggregation());
      assertThrows(
          IllegalArgumentException.class,
          () -> ranker.rank(TestSets.set("r", "borda", TestSets.answers(3))));
    }
  }
}

package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MaxLogitsTest {

  private final MaxLogits agg = new MaxLogits();

  @Test
  void scoresAreMeanMarginOverOpponentsDividedByNMinusOne() {
    Double[][] m = {{0.0, 2.0, 1.0}, {-1.0, 0.0, 0.5}, {0.0, 1.0, 0.0}};
    // 0: ((2 - -1) + (1 - 0)) / 2 = 2;  1: ((-1 - 2) + (0.5 - 1)) / 2 = -1.75;  2: ((0 - 1) + (1 -
    // 0.5)) / 2 = -0.25
    Ranking r = agg.rankMatrix(TestSets.models(3), m);
    assertArrayEquals(new double[] {2.0, -1.75, -0.25}, r.scores(), 1e-12);
    assertArrayEquals(new int[] {0, 2, 1}, r.order());
    assertArrayEquals(new int[] {1, 3, 2}, r.ranks());
    assertTrue(r.fullRanking());
    assertEquals("maxlogits", r.aggregation());
  }

  @Test
  void tiedScoresShareTheBetterRankAndKeepMatrixOrder() {
    Double[][] m = {{0.0, 1.0, -1.0}, {-1.0, 0.0, 1.0}, {1.0, -1.0, 0.0}};
    // rock-paper-scissors: every margin sums to zero
    Ranking r = agg.rankMatrix(TestSets.models(3), m);
    assertArrayEquals(new double[] {0, 0, 0}, r.scores(), 1e-12);
    assertArrayEquals(new int[] {0, 1, 2}, r.order());
    assertArrayEquals(new int[] {1, 1, 1}, r.ranks());
  }

  @Test
  void singleCandidateScoresZeroWithoutDividingByZero() {
    Ranking r = agg.rankMatrix(TestSets.models(1), new Double[][] {{0.0}});
    assertArrayEquals(new double[] {0.0}, r.scores());
    assertEquals(0, r.best());
  }

  @Test
  void twoCandidatesUseBothOrdersOfTheirOnePair() {
    Ranking r = agg.rankMatrix(TestSets.models(2), new Double[][] {{0.0, 0.3}, {-0.1, 0.0}});
    assertArrayEquals(new double[] {0.4, -0.4}, r.scores(), 1e-12);
    assertEquals(0, r.best());
  }
}

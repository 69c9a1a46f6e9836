package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MaxWinsTest {

  private final MaxWins agg = new MaxWins();

  @Test
  void countsWinsInBothSeats() {
    Double[][] m = {{0.0, 2.0, 1.0}, {-1.0, 0.0, 0.5}, {0.0, 1.0, 0.0}};
    // 0: M01>0, M02>0, M10<0 -> 3 (M20 = 0 is no win);  1: M12>0 -> 1;  2: M21>0 -> 1
    Ranking r = agg.rankMatrix(TestSets.models(3), m);
    assertArrayEquals(new double[] {3, 1, 1}, r.scores());
    assertArrayEquals(new int[] {0, 1, 2}, r.order());
    assertArrayEquals(new int[] {1, 2, 2}, r.ranks());
  }

  @Test
  void zeroLogitIsAWinForNeitherSide() {
    Ranking r = agg.rankMatrix(TestSets.models(2), new Double[][] {{0.0, 0.0}, {0.0, 0.0}});
    assertArrayEquals(new double[] {0, 0}, r.scores());
    assertArrayEquals(new int[] {1, 1}, r.ranks());
  }

  @Test
  void twoCandidatesCanWinBothSeats() {
    Ranking r = agg.rankMatrix(TestSets.models(2), new Double[][] {{0.0, -0.2}, {0.7, 0.0}});
    assertArrayEquals(new double[] {0, 2}, r.scores());
    assertEquals(1, r.best());
  }

  @Test
  void singleCandidateHasNoWins() {
    assertArrayEquals(
        new double[] {0}, agg.rankMatrix(TestSets.models(1), new Double[][] {{0.0}}).scores());
  }
}

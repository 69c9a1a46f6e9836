package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BubbleTest {

  private final Bubble bubble = new Bubble();

  // Candidate 2 beats everyone in both seats; 1 beats 0.
  private static final double[][] M = {
    {0, -1, -2, 0.5},
    {1, 0, -1, 0.5},
    {2, 1, 0, 3},
    {-0.5, -0.5, -3, 0}
  };

  @Test
  void findsBestAlongThePermutationAndLeavesUncomparedPairsNull() {
    CountingMatrixScorer scorer = CountingMatrixScorer.of(M);
    Ranking r =
        bubble.run(
            TestSets.models(4), new int[] {0, 1, 2, 3}, scorer.prepare("s", TestSets.answers(4)));
    assertEquals(2, r.best());
    assertFalse(r.fullRanking());
    assertEquals("bubble", r.aggregation());
    // walk: 0 vs 1 -> 1; 1 vs 2 -> 2; 2 vs 3 -> 2
    assertEquals(-1.0, r.matrix()[0][1]);
    assertEquals(1.0, r.matrix()[1][0]);
    assertEquals(-1.0, r.matrix()[1][2]);
    assertEquals(3.0, r.matrix()[2][3]);
    assertEquals(-3.0, r.matrix()[3][2]);
    assertNull(r.matrix()[0][2]);
    assertNull(r.matrix()[0][3]);
    assertNull(r.matrix()[3][1]);
    assertEquals(0.0, r.matrix()[3][3]);
    assertEquals(6, r.flatMatrix().stream().filter(x -> x == null).count());
    // knocked out at step 1 -> 0, step 2 -> 1, step 3 -> 2, winner N-1 = 3
    assertArrayEquals(new double[] {0, 1, 3, 2}, r.scores());
    assertArrayEquals(new int[] {2, 3, 1, 0}, r.order());
  }

  @Test
  void tieGoesToTheChallenger() {
    CountingMatrixScorer scorer = CountingMatrixScorer.of(new double[][] {{0, 0.5}, {0.5, 0}});
    Ranking r =
        bubble.run(TestSets.models(2), new int[] {0, 1}, scorer.prepare("s", TestSets.answers(2)));
    assertEquals(1, r.best());
  }

  @Test
  void twoCandidatesCompareOncePerOrder() {
    CountingMatrixScorer scorer = CountingMatrixScorer.of(new double[][] {{0, 0.2}, {-0.4, 0}});
    Ranking r =
        bubble.run(TestSets.models(2), new int[] {1, 0}, scorer.prepare("s", TestSets.answers(2)));
    assertEquals(0, r.best());
    assertEquals(2, scorer.pairsScored);
    assertFalse(r.fullRanking());
  }

  @Test
  void singleCandidateIsBestWithoutAnyEvaluation() {
    CountingMatrixScorer scorer = CountingMatrixScorer.of(new double[][] {{0}});
    Ranking r = bubble.rank(List.of("only"), scorer.prepare("s", List.of("a")), "req-1");
    assertEquals(0, r.best());
    assertEquals(0, scorer.pairsScored);
    assertEquals(List.of(0.0), r.flatMatrix());
  }

  @Test
  void startingPermutationRepeatsForTheSameRequestId() {
    int[] a = Bubble.permutation(12, SeededRandom.forRequest("request-42", Bubble.NAME));
    int[] b = Bubble.permutation(12, SeededRandom.forRequest("request-42", Bubble.NAME));
    assertArrayEquals(a, b);
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, sorted);
  }

  @Test
  void sameRequestRanksIdenticallyTwiceEvenWhenTheModelHasPositionBias() {
    // logit depends on order only through a bias, so different walks could pick different winners
    CountingMatrixScorer scorer =
        new CountingMatrixScorer((i, j) -> 0.3 + 0.01 * ((i * 7 + j * 3) % 5));
    Ranking first =
        bubble.rank(TestSets.models(8), scorer.prepare("s", TestSets.answers(8)), "req-x");
    Ranking second =
        bubble.rank(TestSets.models(8), scorer.prepare("s", TestSets.answers(8)), "req-x");
    assertArrayEquals(first.order(), second.order());
    assertEquals(first.flatMatrix(), second.flatMatrix());
  }
}

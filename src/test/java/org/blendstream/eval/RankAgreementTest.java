package org.blendstream.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RankAgreementTest {

  @Test
  void pearsonIsOneWhenPreferenceIsLinearInWin() {
    assertEquals(
        1.0, RankAgreement.pearson(new int[] {1, 2, 3}, new double[] {0.9, 0.5, 0.1}), 1e-12);
  }

  @Test
  void pearsonMatchesHandComputedValueWithTiedWins() {
    // preference (-1,-2,-3) vs win (0.3,0,0): sxy = 0.3, sxx = 2, syy = 0.06, r = 0.3 / sqrt(0.12)
    double expected = 0.3 / Math.sqrt(2 * 0.06);
    assertEquals(
        expected, RankAgreement.pearson(new int[] {1, 2, 3}, new double[] {0.3, 0.0, 0.0}), 1e-12);
  }

  @Test
  void spearmanGivesTiedWinsTheirAverageRank() {
    // oracle ranks (1, 2.5, 2.5) vs ranker (1, 2, 3): sxy = 1.5, sxx = 2, syy = 1.5
    double expected = 1.5 / Math.sqrt(2 * 1.5);
    assertEquals(
        expected, RankAgreement.spearman(new int[] {1, 2, 3}, new double[] {0.3, 0.0, 0.0}), 1e-12);
  }

  @Test
  void spearmanIsMinusOneForTheReversedOrder() {
    assertEquals(
        -1.0, RankAgreement.spearman(new int[] {3, 2, 1}, new double[] {0.9, 0.2, 0.1}), 1e-12);
  }

  @Test
  void correlationsAreZeroWhenAllWinsAreEqual() {
    assertEquals(0.0, RankAgreement.pearson(new int[] {1, 2}, new double[] {0.4, 0.4}));
    assertEquals(0.0, RankAgreement.spearman(new int[] {1, 2}, new double[] {0.4, 0.4}));
  }

  @Test
  void footruleIsOneForTheReversedOrderAndZeroForTheOracle() {
    double[] win = {0.4, 0.3, 0.2, 0.1};
    assertEquals(1.0, RankAgreement.footrule(new int[] {4, 3, 2, 1}, win), 1e-12);
    assertEquals(0.0, RankAgreement.footrule(new int[] {1, 2, 3, 4}, win), 1e-12);
  }

  @Test
  void footruleNormalizesBySumOfDisplacementsMaximum() {
    // |2-1| + |1-2| + |3-3| = 2 out of floor(9/2) = 4
    assertEquals(
        0.5, RankAgreement.footrule(new int[] {2, 1, 3}, new double[] {0.9, 0.5, 0.1}), 1e-12);
  }

  @Test
  void spearmanGivesTiedRankerPositionsTheirAverageRank() {
    // The ranker ties candidates 0 and 1 (both shown as rank 1): average ranks (1.5, 1.5, 3, 4) vs
    // oracle
    // (1, 2, 3, 4): sxy = 4.5, sxx = 4.5, syy = 5. The shared better rank (1, 1, 3, 4) would give
    // 5.5 / sqrt(33.44).
    double expected = 4.5 / Math.sqrt(4.5 * 5);
    assertEquals(
        expected,
        RankAgreement.spearman(new int[] {1, 1, 3, 4}, new double[] {0.9, 0.5, 0.3, 0.1}),
        1e-12);
  }

  @Test
  void spearmanIsOneWhenRankerAndOracleTieTheSameCandidates() {
    assertEquals(
        1.0,
        RankAgreement.spearman(new int[] {1, 1, 3, 4}, new double[] {0.7, 0.7, 0.2, 0.1}),
        1e-12);
  }

  @Test
  void footruleGivesTiedRankerPositionsTheirAverageRank() {
    // ranker (1, 1, 1, 4) -> (2, 2, 2, 4) vs oracle (1, 2, 3, 4): 1 + 0 + 1 + 0 = 2 out of
    // floor(16/2) = 8
    assertEquals(
        2.0 / 8,
        RankAgreement.footrule(new int[] {1, 1, 1, 4}, new double[] {0.9, 0.5, 0.3, 0.1}),
        1e-12);
  }

  @Test
  void footruleIsZeroWhenRankerAndOracleTieTheSameCandidates() {
    assertEquals(
        0.0, RankAgreement.footrule(new int[] {1, 2, 2}, new double[] {0.9, 0.3, 0.3}), 1e-12);
  }

  @Test
  void averageRanksOfTiedPositionsSpanThem() {
    assertArrayEquals(
        new double[] {1.5, 1.5, 3, 4}, RankAgreement.averageRanks(new int[] {1, 1, 3, 4}), 1e-12);
  }

  @Test
  void pairAgreementSkipsPairsCloserThanTheMargin() {
    double[] win = {0.5, 0.45, 0.1};
    assertArrayEquals(
        new double[] {2, 2}, RankAgreement.pairAgreement(new int[] {2, 1, 3}, win), 1e-12);
    assertArrayEquals(
        new double[] {1, 2}, RankAgreement.pairAgreement(new int[] {3, 1, 2}, win), 1e-12);
  }

  @Test
  void pairAgreementCountsARankerTieAsHalf() {
    assertArrayEquals(
        new double[] {0.5, 1},
        RankAgreement.pairAgreement(new int[] {1, 1}, new double[] {0.0, 0.5}),
        1e-12);
  }

  @Test
  void averageRanksSpanTies() {
    assertArrayEquals(
        new double[] {4, 2, 2, 2},
        RankAgreement.averageRanksDescending(new double[] {0, 1, 1, 1}),
        1e-12);
  }
}

package org.blendstream.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.blendstream.rank.LongestRanker;
import org.blendstream.rank.MaxLogits;
import org.blendstream.rank.PairScorer;
import org.blendstream.rank.PairwiseRanker;
import org.junit.jupiter.api.Test;

class PairwiseEvaluatorTest {

  private static PairwiseDataset.Pair pair(
      String id, String a, String b, PairwiseDataset.Label label, String group) {
    return new PairwiseDataset.Pair(id, "prompt", a, b, label, group);
  }

  /**
   * logit(first, second) = len(first) − len(second) + 5: a preference for length plus a strong bias
   * for the first seat. Read from one seat it prefers a in every pair below; both seats cancel the
   * bias.
   */
  private static PairScorer seatBiasedLengthScorer() {
    return new PairScorer() {
      @Override
      public PreparedSet prepare(String source, List<String> candidates) {
        return new PreparedSet() {
          @Override
          public int size() {
            return candidates.size();
          }

          @Override
          public double[] logits(List<org.blendstream.rank.CandidatePair> pairs) {
            return pairs.stream()
                .mapToDouble(
                    p ->
                        candidates.get(p.first()).length()
                            - candidates.get(p.second()).length()
                            + 5.0)
                .toArray();
          }
        };
      }

      @Override
      public String version() {
        return "test";
      }

      @Override
      public String device() {
        return "cpu";
      }

      @Override
      public String dtype() {
        return "float32";
      }
    };
  }

  private static final List<PairwiseDataset.Pair> PAIRS =
      List.of(
          pair("1", "longer answer", "short", PairwiseDataset.Label.A, "x"), // longer is a: hit
          pair("2", "short", "longer answer", PairwiseDataset.Label.B, "x"), // longer is b: hit
          pair(
              "3",
              "short",
              "longer answer",
              PairwiseDataset.Label.A,
              "y"), // longer is b, label a: miss
          pair(
              "4", "abc", "xyz", PairwiseDataset.Label.A, "y"), // equal length: no preference, half
          pair(
              "5",
              "short",
              "longer answer",
              PairwiseDataset.Label.TIE,
              "y")); // tie label: never a hit

  @Test
  void pairRankersPreferByTheLogitsOfBothSeatsSoASeatBiasCancels() {
    try (PairwiseRanker ranker =
        new PairwiseRanker(seatBiasedLengthScorer(), new MaxLogits(), null)) {
      PairwiseReport r =
          new PairwiseEvaluator().evaluate(PAIRS, ranker, "biased", "maxlogits", () -> {});
      assertEquals(PairwiseReport.BY_LOGITS, r.preference());
      // One seat (logit(a,b) alone) would score pairs 1, 3 and 4 as a wins: 2 hits of 4, not 2.5.
      assertEquals(2.5, r.agreement().hits(), 1e-12);
      assertEquals(4, r.agreement().n());
      assertEquals(62.5, r.agreement().value(), 1e-12);
      assertEquals(1, r.rankerTies());
      assertEquals(2L * PAIRS.size(), r.pairsScored(), "each pair is scored in both seats");
    }
  }

  @Test
  void trainingFreeRankersPreferByTheirScoreDifference() {
    try (LongestRanker longest = new LongestRanker()) {
      PairwiseReport r =
          new PairwiseEvaluator().evaluate(PAIRS, longest, "longest", null, () -> {});
      assertEquals(PairwiseReport.BY_SCORES, r.preference());
      assertEquals(2.5, r.agreement().hits(), 1e-12);
      assertEquals(0, r.pairsScored());
    }
  }

  @Test
  void tieLabelsAreLeftOutOfAgreementAndCountAsMissesInTheSecondFigure() {
    try (LongestRanker longest = new LongestRanker()) {
      PairwiseReport r =
          new PairwiseEvaluator().evaluate(PAIRS, longest, "longest", null, () -> {});
      assertEquals(1, r.nLabelTies());
      assertEquals(5, r.agreementTiesAsMisses().n());
      assertEquals(50.0, r.agreementTiesAsMisses().value(), 1e-12);
    }
  }

  @Test
  void theBreakdownGroupsPairsByScenarioInFileOrder() {
    try (LongestRanker longest = new LongestRanker()) {
      PairwiseReport r =
          new PairwiseEvaluator().evaluate(PAIRS, longest, "longest", null, () -> {});
      assertEquals(List.of("x", "y"), List.copyOf(r.byScenario().keySet()));
      PairwiseReport.Group x = r.byScenario().get("x");
      PairwiseReport.Group y = r.byScenario().get("y");
      assertEquals(100.0, x.agreement().value(), 1e-12);
      assertEquals(2, y.agreement().n());
      assertEquals(25.0, y.agreement().value(), 1e-12);
      assertEquals(1, y.nLabelTies());
      assertEquals(100.0 * 0.5 / 3, y.agreementTiesAsMisses().value(), 1e-12);
    }
  }

  @Test
  void aGroupOfOnlyTiesHasNoAgreementRatherThanZero() {
    try (LongestRanker longest = new LongestRanker()) {
      PairwiseReport r =
          new PairwiseEvaluator()
              .evaluate(
                  List.of(pair("t", "a", "bb", PairwiseDataset.Label.TIE, "z")),
                  longest,
                  "longest",
                  null,
                  () -> {});
      assertNull(r.byScenario().get("z").agreement().value());
    }
  }

  @Test
  void wilsonIntervalsMatchNewcombesPublishedValues() {
    // Newcombe (1998), Statistics in Medicine 17:857-872, Table II, method 3 (score interval
    // without correction).
    assertArrayEquals(new double[] {0.2553, 0.3662}, Wilson.interval(81, 263, Wilson.Z95), 5e-5);
    assertArrayEquals(new double[] {0.0624, 0.1605}, Wilson.interval(15, 148, Wilson.Z95), 5e-5);
    assertArrayEquals(new double[] {0.0, 0.1611}, Wilson.interval(0, 20, Wilson.Z95), 5e-5);
    assertArrayEquals(new double[] {0.0061, 0.1718}, Wilson.interval(1, 29, Wilson.Z95), 5e-5);
  }
}

package org.blendstream.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Published values of rouge_score's own tests (github.com/google-research/google-research,
 * rouge/rouge_scorer_test.py, default scorer, no stemmer). The "AgainstRouge155" cases are scores
 * of the official ROUGE-1.5.5 Perl script on the synthetic lines of rouge/testdata, copied to
 * src/test/resources/eval/rouge-testdata with their notice.
 */
class RougeTest {

  private static final double PLACES_5 = 5e-6;

  private static List<String> lines(String name) throws IOException {
    try (InputStream in = RougeTest.class.getResourceAsStream("/eval/rouge-testdata/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  private static void assertScore(double p, double r, double f, Rouge.Score s, double tol) {
    assertEquals(p, s.precision(), tol, "precision");
    assertEquals(r, s.recall(), tol, "recall");
    assertEquals(f, s.fmeasure(), tol, "fmeasure");
  }

  @Test
  void rouge1CountsUnigramOverlap() {
    assertScore(1, 1.0 / 3, 0.5, Rouge.rougeN("testing one two", "testing", 1), 1e-7);
  }

  @Test
  void rouge2CountsBigramOverlap() {
    assertScore(1, 0.5, 2.0 / 3, Rouge.rougeN("testing one two", "testing one", 2), 1e-7);
  }

  @Test
  void anEmptyPredictionScoresZeroOnEveryType() {
    assertScore(0, 0, 0, Rouge.rougeN("testing one two", "", 1), 1e-7);
    assertScore(0, 0, 0, Rouge.rougeN("testing one two", "", 2), 1e-7);
    assertScore(0, 0, 0, Rouge.rougeLsum("testing one two", ""), 1e-7);
  }

  @Test
  void lsumOfOneLineIsTheLongestCommonSubsequenceConsecutiveOrNot() {
    // rouge_scorer_test's rougeL cases; on a single line summary-level LCS is the plain LCS.
    assertScore(1, 2.0 / 3, 0.8, Rouge.rougeLsum("testing one two", "testing one"), 1e-7);
    assertScore(1, 2.0 / 3, 0.8, Rouge.rougeLsum("testing one two", "testing two"), 1e-7);
  }

  @Test
  void lsumTakesTheUnionOfEachReferenceSentencesLcsOverPredictionSentences() {
    assertScore(
        0.4,
        0.8,
        0.5333,
        Rouge.rougeLsum("w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5"),
        5e-5);
    assertScore(0, 0, 0, Rouge.rougeLsum("", "w1"), 1e-7);
    assertScore(0, 0, 0, Rouge.rougeLsum("w1 w2 w3 w4 w5", "/"), 1e-7);
  }

  @Test
  void lcsIndicesReadBackOneLongestSubsequence() {
    assertEquals(
        List.of(1, 2, 3),
        Rouge.lcsIndices(List.of("1", "2", "3", "4", "5"), List.of("2", "5", "3", "4")));
    assertEquals(List.of(), Rouge.lcsIndices(List.of("1", "2", "3", "4", "5"), List.of("8", "9")));
  }

  @Test
  void rouge1MatchesRouge155OnTheTestdataLines() throws IOException {
    List<String> t = lines("target.txt");
    List<String> p = lines("prediction.txt");
    assertScore(0.68750, 0.40741, 0.51163, Rouge.rougeN(t.get(0), p.get(0), 1), PLACES_5);
    assertScore(0.65385, 0.40476, 0.50000, Rouge.rougeN(t.get(1), p.get(1), 1), PLACES_5);
  }

  @Test
  void rouge2MatchesRouge155OnTheTestdataLines() throws IOException {
    List<String> t = lines("target.txt");
    List<String> p = lines("prediction.txt");
    assertScore(0.53333, 0.30769, 0.39024, Rouge.rougeN(t.get(0), p.get(0), 2), PLACES_5);
    assertScore(0.48000, 0.29268, 0.36364, Rouge.rougeN(t.get(1), p.get(1), 2), PLACES_5);
  }

  @Test
  void lsumMatchesRouge155sRougeLOnTheSingleTestdataLines() throws IOException {
    List<String> t = lines("target.txt");
    List<String> p = lines("prediction.txt");
    assertScore(0.68750, 0.40741, 0.51163, Rouge.rougeLsum(t.get(0), p.get(0)), PLACES_5);
    assertScore(0.65385, 0.40476, 0.50000, Rouge.rougeLsum(t.get(1), p.get(1)), PLACES_5);
  }
}

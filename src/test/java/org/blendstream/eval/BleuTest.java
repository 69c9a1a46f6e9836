package org.blendstream.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Published vectors of sacrebleu's own test suite (github.com/mjpost/sacrebleu at f615c72,
 * test/test_bleu.py and test/test_sentence_bleu.py), with their tolerances.
 */
class BleuTest {

  // test_bleu.py's README example: three hypotheses, two reference streams (here transposed: per
  // hypothesis).
  private static final List<String> HYPS =
      List.of("The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");
  private static final List<List<String>> REFS =
      List.of(
          List.of("The dog bit the man.", "The dog had bit the man."),
          List.of("It was not unexpected.", "No one was surprised."),
          List.of("The man bit him first.", "The man had bitten the dog."));

  // test_sentence_bleu.py, from sacrebleu issue #98: the Romanian t-cedilla vs t-comma and
  // diacritics matter.
  private static final String RO_REF =
      "produc\u0163ia de zah\u0103r brut se exprim\u0103 \u00een zah\u0103r alb;";
  private static final String RO_SYS =
      "Produc\u021bia de zah\u0103r prim\u0103 va fi exprimat\u0103 \u00een ceea ce"
          + " prive\u0219te zah\u0103rul alb;";

  @Test
  void corpusBleuWithDefaultsMatchesSacrebleusReadmeExample() {
    assertEquals(48.530827, Bleu.corpus(HYPS, REFS).score(), 1e-8);
  }

  @Test
  void emptyHypothesesAreKeptAndScoreZero() {
    assertEquals(0.0, Bleu.corpus(List.of("", "", ""), REFS).score(), 1e-8);
  }

  @Test
  void noSmoothingGivesTheSameScoreWhenEveryOrderHasAMatch() {
    assertEquals(48.530827, Bleu.corpus(HYPS, REFS, 4, Bleu.Smoothing.NONE).score(), 1e-8);
  }

  @ParameterizedTest
  @CsvSource({"1, 77.65", "2, 60.50", "3, 53.93", "4, 48.53", "5, 46.14", "6, 43.28"})
  void maxNgramOrderMatchesSacrebleu(int order, String expected) {
    double score = Bleu.corpus(HYPS, REFS, order, Bleu.Smoothing.EXP).score();
    assertEquals(expected, String.format(java.util.Locale.ROOT, "%.2f", score));
  }

  @Test
  void scoreFromStatisticsMatchesSacrebleusComputeBleu() {
    Bleu.Score s =
        Bleu.compute(new int[] {9, 7, 5, 3}, new int[] {10, 8, 6, 4}, 11, 11, Bleu.Smoothing.NONE);
    assertEquals(0.8375922397, s.score() / 100, 1e-8);
  }

  @Test
  void expSmoothingRescuesAZeroFourGramPrecisionAsSacrebleuDoes() {
    // Every order has n-grams in this 13-token hypothesis, so effective order (on in sacrebleu's
    // test) changes
    // nothing and the single-segment corpus score equals its sentence score.
    assertEquals(8.493, Bleu.corpus(List.of(RO_SYS), List.of(List.of(RO_REF))).score(), 1e-3);
    assertEquals(
        0.0,
        Bleu.corpus(List.of(RO_SYS), List.of(List.of(RO_REF)), 4, Bleu.Smoothing.NONE).score(),
        1e-3);
  }

  @Test
  void noMatchAtAnyOrderScoresZero() {
    assertEquals(
        0.0, Bleu.corpus(List.of("this is a cat"), List.of(List.of("okay thanks"))).score(), 1e-3);
  }

  @Test
  void thirteenATokenizerSplitsPunctuationButNotApostrophesDecimalsOrDashesAfterLetters() {
    // By mteval-v13a's rules: ' and - are outside its punctuation class, a dash splits only after a
    // digit, and
    // a period or comma stays inside a number.
    assertEquals("It wasn't 3.5 , ok--5 - 3 .", Bleu.tokenize13a("It wasn't 3.5, ok--5-3.  "));
  }
}

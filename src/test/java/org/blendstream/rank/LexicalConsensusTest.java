package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LexicalConsensusTest {

  private final LexicalConsensus consensus = new LexicalConsensus();

  @Test
  void picksTheAnswerThatAgreesWithTheMajority() {
    List<String> answers =
        List.of(
            "The capital of France is Lyon, a city on the Rhone.",
            "Paris is the capital of France.",
            "The capital of France is Paris, on the Seine.",
            "France's capital city is Paris.",
            "I like turtles and long walks on the beach.");
    Ranking r = new SignalRanker(consensus, "1").rank(TestSets.set("q", null, answers));
    assertEquals(2, r.best());
    assertEquals(4, r.order()[4], "the off-topic answer agrees with no one");
  }

  @Test
  void scoresAreMeanRougeOneF1AgainstTheOthersWithClippedCounts() {
    // a = {the:2, cat}, b = {the, cat, sat}, c = {dog}
    double[] s =
        consensus.score(TestSets.set("q", null, List.of("The the CAT!", "the cat sat", "dog")));
    double ab = 2.0 * 2 / (3 + 3);
    assertArrayEquals(new double[] {ab / 2, ab / 2, 0}, s, 1e-12);
  }

  @Test
  void wordsAreRunsOfLettersAndNumbersInAnyScript() {
    double[] s =
        consensus.score(TestSets.set("q", null, List.of("Größe: 42, ½ café", "größe 42 ½ CAFÉ")));
    assertArrayEquals(new double[] {1, 1}, s, 1e-12);
  }

  @Test
  void thousandsOfDistinctWordsAreCountedExactly() {
    StringBuilder forward = new StringBuilder();
    StringBuilder backward = new StringBuilder();
    for (int w = 0; w < 5000; w++) {
      forward.append("w").append(w).append(' ');
      backward.append("W").append(4999 - w).append(w % 2 == 0 ? " w0 " : " ");
    }
    // backward repeats w0 2,500 times; clipping counts one of them.
    double[] s =
        consensus.score(TestSets.set("q", null, List.of(forward.toString(), backward.toString())));
    assertEquals(2.0 * 5000 / (5000 + 7500), s[0], 1e-12);
  }

  @Test
  void aSetOfOneAndEmptyAnswersScoreZero() {
    assertArrayEquals(
        new double[] {0}, consensus.score(TestSets.set("q", null, List.of("alone here"))));
    assertArrayEquals(
        new double[] {0, 0}, consensus.score(TestSets.set("q", null, List.of("", "?!"))));
  }

  @Test
  void repeatingAnAnswerLowersItsConsensus() {
    String real = "Paris is the capital of France.";
    double[] s =
        consensus.score(TestSets.set("q", null, List.of(real, real, (real + " ").repeat(50))));
    assertTrue(s[2] < s[0] / 10, "padded copy " + s[2] + " vs " + s[0]);
  }

  @Test
  void rougeOneOfTwoTextsClipsRepeatedWordsAndIsZeroWithoutWords() {
    // "The the CAT!" = {the:2, cat}, "the cat sat" = {the, cat, sat}: overlap 2, F1 = 2·2 / (3 + 3)
    assertEquals(4.0 / 6, LexicalConsensus.rouge1("The the CAT!", "the cat sat"), 1e-12);
    assertEquals(0.0, LexicalConsensus.rouge1("...", "the cat sat"));
  }
}

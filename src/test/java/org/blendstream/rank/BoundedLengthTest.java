package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.blendstream.eval.JudgedDataset;
import org.junit.jupiter.api.Test;

class BoundedLengthTest {

  private final BoundedLength length = new BoundedLength();

  private static final String RELEVANT =
      "Paris is the capital of France. It sits on the Seine, has about two million inhabitants, and"
          + " has been the seat of the French government for most of the country's history.";

  @Test
  void growsWithWordsUntilTheCapStaysFlatToTheImplausibleLengthAndFallsAfter() {
    double[] s =
        length.score(
            TestSets.set(
                "q",
                null,
                List.of(
                    "one",
                    "one two three",
                    "w ".repeat(BoundedLength.CAP_WORDS),
                    "w ".repeat(BoundedLength.IMPLAUSIBLE_WORDS),
                    "w ".repeat(4 * BoundedLength.IMPLAUSIBLE_WORDS))));
    assertEquals(Math.log(2), s[0], 1e-12);
    assertEquals(Math.log(4), s[1], 1e-12);
    assertEquals(Math.log1p(BoundedLength.CAP_WORDS), s[2], 1e-12);
    assertEquals(s[2], s[3]);
    assertEquals(Math.log1p(BoundedLength.CAP_WORDS / 16.0), s[4], 1e-12);
  }

  /**
   * Junk of a million characters, as words (repeats of the answers' own words) and as one unbroken
   * run.
   */
  private static List<String> junks() {
    StringBuilder words = new StringBuilder();
    while (words.length() < 1_000_000) {
      words.append(RELEVANT).append(' ');
    }
    StringBuilder run = new StringBuilder();
    Random random = new Random(7);
    while (run.length() < 1_000_000) {
      run.append((char) ('a' + random.nextInt(26)));
    }
    return List.of(words.toString(), run.toString());
  }

  private static List<String> withJunk(String junk) {
    List<String> answers =
        new ArrayList<>(
            List.of(
                RELEVANT,
                "The capital of France is Paris, which lies on the Seine river.",
                "France's capital is Paris, home to about two million people and to the French"
                    + " government.",
                "Paris. It has been the capital of France for most of its history."));
    answers.add(junk);
    return answers;
  }

  @Test
  void aMillionCharacterJunkCandidateDoesNotBeatRealAnswersUnderLengthPlusConsensus() {
    LexicalConsensus consensus = new LexicalConsensus();
    int sets = 0;
    for (JudgedDataset.Item item : JudgedDataset.bundledSample()) {
      List<String> real = item.byModel().values().stream().map(JudgedDataset.Judged::text).toList();
      for (String junk : junks()) {
        List<String> answers = new ArrayList<>(real);
        answers.add(junk);
        var set = TestSets.set(item.id(), null, answers);
        double[] len = length.score(set);
        double[] agree = consensus.score(set);
        // Each signal standardised within the set and weighted equally: a combination that knows no
        // weights.
        double[] zLen = EnsembleRanker.standardized(len);
        double[] zAgree = EnsembleRanker.standardized(agree);
        double[] sum = new double[len.length];
        for (int i = 0; i < sum.length; i++) {
          sum[i] = zLen[i] + zAgree[i];
        }
        int junkIndex = sum.length - 1;
        assertEquals(junkIndex, argmin(agree), "consensus ranks the junk last in " + item.id());
        double bestReal = Arrays.stream(sum, 0, junkIndex).max().orElseThrow();
        assertTrue(
            sum[junkIndex] < bestReal,
            "junk " + sum[junkIndex] + " vs best real " + bestReal + " in " + item.id());
      }
      sets++;
    }
    assertEquals(40, sets);
  }

  @Test
  void aMillionCharactersOfJunkScoresBelowARealAnswerOnLengthAloneAndMoreJunkScoresLess() {
    for (String junk : junks()) {
      double[] million = length.score(TestSets.set("q", null, withJunk(junk)));
      double[] tenMillion = length.score(TestSets.set("q", null, withJunk(junk.repeat(10))));
      assertTrue(million[4] < million[0], Arrays.toString(million));
      assertTrue(tenMillion[4] <= million[4], tenMillion[4] + " vs " + million[4]);
      assertNotEquals(million[0], million[1]);
    }
  }

  private static int argmin(double[] xs) {
    int best = 0;
    for (int i = 1; i < xs.length; i++) {
      if (xs[i] < xs[best]) {
        best = i;
      }
    }
    return best;
  }
}

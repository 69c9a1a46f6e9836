package org.blendstream.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.blendstream.rank.LongestRanker;
import org.blendstream.rank.MaxLogits;
import org.blendstream.rank.Ranking;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over src/test/resources/eval/mixinstruct-tiny.json, three hand-made examples. By LLM-Blender's
 * matrix (A better +1/−1, same good +0.5 both ways, same bad −0.5 both ways) and MaxWins (#{M[i][j]
 * > 0} + #{M[j][i] < 0}), a win is worth 2 and either kind of tie 1: example 1: m1 = 0 + 2 + 1 = 3,
 * m2 = 6, m3 = 0 + 0 + 1 = 1, m4 = 1 + 0 + 1 = 2, so ranks (2, 1, 4, 3); example 2: m1 = 0, m2 = 2
 * + 2 + 1 = 5, m3 = 2, m4 = 2 + 1 + 2 = 5, so ranks (4, 1, 3, 1), m2 and m4 sharing 1; example 3
 * has cmp_results "null" and is skipped.
 */
class MixInstructTest {

  private static final Path FILE = Path.of("src/test/resources/eval/mixinstruct-tiny.json");

  @TempDir Path tmp;

  @Test
  void oracleRanksAreMaxWinsOverTheVerdictsWithTiesSharingTheBetterRank() {
    List<MixInstruct.Example> all = MixInstruct.read(FILE);
    assertEquals(3, all.size());
    assertArrayEquals(new int[] {2, 1, 4, 3}, all.get(0).oracleRanks());
    assertArrayEquals(
        new int[] {4, 1, 3, 1}, all.get(1).oracleRanks(), "cmp_results given as a JSON string");
    assertNull(all.get(2).oracleRanks(), "cmp_results \"null\" carries no verdict");
  }

  @Test
  void onACompleteVerdictMatrixMaxWinsOrdersAsLlmBlendersMaxLogitsHelperDoes() {
    // MaxWins = (N−1) + (wins − losses) = (N−1) + MaxLogits/2 when every pair has a verdict.
    for (MixInstruct.Example e : MixInstruct.read(FILE).subList(0, 2)) {
      double[] logits = new MaxLogits().scores(e.verdicts());
      int[] byLogits =
          Ranking.byScores(e.models(), e.verdicts(), logits, true, "maxlogits").ranks();
      assertArrayEquals(byLogits, e.oracleRanks(), e.id());
    }
  }

  @Test
  void gptRankAndTop3OfTheLongestChoiceAndOfEachModel() {
    List<MixInstruct.Example> all = MixInstruct.read(FILE);
    List<MixInstructEvaluator.Scored> scored = MixInstructEvaluator.withVerdicts(all);
    try (LongestRanker longest = new LongestRanker()) {
      MixInstructReport r =
          new MixInstructEvaluator()
              .evaluate(
                  scored, all.size() - scored.size(), longest, "longest", null, (s, ranking) -> {});
      assertEquals(2, r.nExamples());
      assertEquals(1, r.nSkipped());
      // longest picks m2 (rank 1) in example 1 and m1 (rank 4) in example 2
      assertEquals(2.5, r.gptRank(), 1e-12);
      assertEquals(50.0, r.top3(), 1e-12);
      assertEquals(r.gptRank(), r.longest().gptRank(), 1e-12);
      assertEquals(1.0, r.singleModels().get("m2").gptRank(), 1e-12);
      assertEquals(3.0, r.singleModels().get("m1").gptRank(), 1e-12);
      assertEquals(3.5, r.singleModels().get("m3").gptRank(), 1e-12);
      assertEquals(100.0, r.singleModels().get("m4").top3(), 1e-12);
      assertEquals(50.0, r.singleModels().get("m1").top3(), 1e-12);
      // random: mean of (2, 1, 4, 3) and (4, 1, 3, 1) = (2.5 + 2.25) / 2; 3 of 4 in the top 3 in
      // each
      assertEquals(2.375, r.random().gptRank(), 1e-12);
      assertEquals(75.0, r.random().top3(), 1e-12);
      // the chosen candidates' own scores: m2 of example 1 and m1 of example 2
      assertEquals(0.2, r.chosenScores().get("bleu"), 1e-12);
      assertEquals(-3.0, r.chosenScores().get("bartscore"), 1e-12);
    }
  }

  @Test
  void anUnknownVerdictIsRefusedWithTheExampleAndTheValue() throws Exception {
    Path f = tmp.resolve("bad.jsonl");
    Files.writeString(
        f,
        "{\"id\":\"e1\",\"candidates\":[{\"model\":\"a\",\"text\":\"x\",\"scores\":{}},{\"model\":\"b\",\"text\":\"y\",\"scores\":{}}],\"cmp_results\":{\"a,b\":\"A"
            + " is worse\"}}\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MixInstruct.read(f));
    assertTrue(
        e.getMessage().contains("e1") && e.getMessage().contains("A is worse"), e.getMessage());
  }

  @Test
  void aVerdictNamingAModelWithoutACandidateIsRefused() throws Exception {
    Path f = tmp.resolve("bad.jsonl");
    Files.writeString(
        f,
        "{\"id\":\"e2\",\"candidates\":[{\"model\":\"a\",\"text\":\"x\",\"scores\":{}}],"
            + "\"cmp_results\":{\"a,zz\":\"A is better\"}}\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MixInstruct.read(f));
    assertTrue(e.getMessage().contains("'a,zz'"), e.getMessage());
  }
}

package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.eval.PairwiseReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rank}, {@code eval} and {@code bench} with a reward model directory, chosen by its
 * manifest.
 */
class RewardCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SCORE =
      Pattern.compile("^\\s+rank (\\d+)\\s+c(\\d+)\\s+(-?[0-9.]+)$");

  @TempDir Path tmp;

  private static Path reward(String name) throws Exception {
    return Path.of(RewardCommandsTest.class.getResource("/fixtures/" + name + "/model.pt").toURI())
        .getParent();
  }

  @Test
  void rankWithARewardModelPrintsItsRewardsBestFirstAndNoMatrix() throws Exception {
    Cli.Result r =
        Cli.run(
            "rank",
            "--model",
            reward("reward-qwen2-tiny").toString(),
            "--device",
            "cpu",
            "--prompt",
            "What is the capital of France?",
            "--candidate",
            "Paris.",
            "--candidate",
            "Berlin, I think.",
            "--candidate",
            "The capital of France is Paris.");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("ranker reward-qwen2-tiny-fixture-1"), r.out());
    assertTrue(r.out().contains("matrix: none (reward compares no pairs)"), r.out());
    List<Double> printed = new ArrayList<>();
    for (String line : r.out().lines().toList()) {
      Matcher m = SCORE.matcher(line);
      if (m.matches()) {
        printed.add(Double.valueOf(m.group(3)));
      }
    }
    assertEquals(3, printed.size(), r.out());
    for (int i = 1; i < printed.size(); i++) {
      assertTrue(printed.get(i - 1) >= printed.get(i), "best first: " + r.out());
    }
  }

  @Test
  void anAggregationWithARewardModelIsAUsageError() throws Exception {
    Cli.Result r =
        Cli.run(
            "rank",
            "--model",
            reward("reward-qwen2-tiny").toString(),
            "--aggregation",
            "bubble",
            "--prompt",
            "q",
            "--candidate",
            "a",
            "--candidate",
            "b");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--aggregation applies to pair models"), r.err());
  }

  @Test
  void evalOnPairsPrefersByRewardDifference() throws Exception {
    Path json = tmp.resolve("pw.json");
    Cli.Result r =
        Cli.run(
            "eval",
            "--data",
            "src/test/resources/eval/pairwise-sample.jsonl",
            "--ranker",
            reward("reward-deberta-tiny").toString(),
            "--limit",
            "6",
            "--json",
            json.toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode report = JSON.readTree(json.toFile());
    assertEquals(PairwiseReport.BY_SCORES, report.get("preference").asText());
    assertEquals("reward-deberta-tiny", report.get("ranker").asText());
    assertTrue(report.get("aggregation").isNull(), report.toString());
  }

  @Test
  void evalOnJudgedDataRanksWithTheRewardModel() throws Exception {
    Path data = tmp.resolve("sample.jsonl.gz");
    try (InputStream in = getClass().getResourceAsStream(JudgedDataset.BUNDLED_SAMPLE)) {
      Files.copy(in, data);
    }
    Path json = tmp.resolve("j.json");
    Cli.Result r =
        Cli.run(
            "eval",
            "--data",
            data.toString(),
            "--pool",
            "alpaca-7b,vicuna-13b,wizardlm-13b",
            "--ranker",
            reward("reward-qwen2-tiny").toString(),
            "--limit",
            "3",
            "--json",
            json.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(JSON.readTree(json.toFile()).has("win_rate"), Files.readString(json));
  }

  @Test
  void benchTimesARewardModelAndRefusesThePairSuite() throws Exception {
    String dir = reward("reward-qwen2-tiny").toString();
    Cli.Result r =
        Cli.run(
            "bench",
            "--model",
            dir,
            "--device",
            "cpu",
            "--sets",
            "2",
            "--candidates",
            "3",
            "--repeats",
            "1",
            "--batch-sizes",
            "2");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("reward batch=2 length"), r.out());
    Cli.Result suite = Cli.run("bench", "--model", dir, "--json", tmp.resolve("b.json").toString());
    assertEquals(2, suite.code(), suite.toString());
    assertTrue(suite.err().contains("bench --json measures pair models"), suite.err());
  }
}

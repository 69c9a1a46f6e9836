package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.blendstream.eval.JudgedDataset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {

  private static final List<String> POOL = List.of("alpaca-7b", "vicuna-13b", "wizardlm-13b");
  private static final int LIMIT = 10;

  @TempDir Path tmp;

  Path data;

  @BeforeEach
  void copySample() throws Exception {
    data = tmp.resolve("sample.jsonl.gz");
    try (InputStream in = getClass().getResourceAsStream("/samples/alpacaeval-sample.jsonl.gz")) {
      Files.copy(in, data);
    }
  }

  private JsonNode eval(String ranker, Path json) throws Exception {
    Cli.Result r =
        Cli.run(
            "eval",
            "--data",
            data.toString(),
            "--pool",
            String.join(",", POOL),
            "--ranker",
            ranker,
            "--limit",
            String.valueOf(LIMIT),
            "--json",
            json.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("pair accuracy"), r.out());
    assertTrue(!r.out().matches("(?s).*\\de[+-]\\d.*"), "no e-notation: " + r.out());
    return new ObjectMapper().readTree(json.toFile());
  }

  /**
   * The judge's win of each set's longest pool answer, computed here from the raw file, not by the
   * evaluator.
   */
  private double[][] winsOfFirstCompleteSets() {
    return JudgedDataset.read(data).stream()
        .filter(it -> it.byModel().keySet().containsAll(POOL))
        .limit(LIMIT)
        .map(
            it -> {
              Map<String, JudgedDataset.Judged> m = it.byModel();
              return POOL.stream().mapToDouble(p -> m.get(p).win()).toArray();
            })
        .toArray(double[][]::new);
  }

  private double longestByHand() {
    List<JudgedDataset.Item> items =
        JudgedDataset.read(data).stream()
            .filter(it -> it.byModel().keySet().containsAll(POOL))
            .limit(LIMIT)
            .toList();
    return 100
        * items.stream()
            .mapToDouble(
                it -> {
                  JudgedDataset.Judged longest = null;
                  for (String p : POOL) {
                    JudgedDataset.Judged j = it.byModel().get(p);
                    if (longest == null
                        || j.text().codePointCount(0, j.text().length())
                            > longest.text().codePointCount(0, longest.text().length())) {
                      longest = j;
                    }
                  }
                  return longest.win();
                })
            .average()
            .orElseThrow();
  }

  @Test
  void lengthBaselineWinRateIsTheJudgesWinOfTheLongestAnswerAndEveryContractFieldIsWritten()
      throws Exception {
    Path json = tmp.resolve("out/report.json");
    JsonNode r = eval("longest", json);
    for (String field :
        new String[] {
          "n_sets",
          "ranker",
          "win_rate",
          "best_single",
          "random",
          "longest",
          "oracle",
          "pearson",
          "spearman",
          "footrule",
          "pair_accuracy",
          "win_rate_delta_ci",
          "pairs_scored",
          "seconds"
        }) {
      assertTrue(r.has(field), "missing " + field);
    }
    assertEquals(LIMIT, r.get("n_sets").asInt());
    assertEquals("longest", r.get("ranker").asText());
    assertEquals(longestByHand(), r.get("win_rate").asDouble(), 1e-9);
    double[][] wins = winsOfFirstCompleteSets();
    assertEquals(
        100
            * Arrays.stream(wins)
                .mapToDouble(w -> Arrays.stream(w).average().orElseThrow())
                .average()
                .orElseThrow(),
        r.get("random").asDouble(),
        1e-9);
    assertEquals(
        100
            * Arrays.stream(wins)
                .mapToDouble(w -> Arrays.stream(w).max().orElseThrow())
                .average()
                .orElseThrow(),
        r.get("oracle").asDouble(),
        1e-9);
    assertEquals(2, r.get("win_rate_delta_ci").size());
    assertTrue(Files.readString(tmp.resolve("out/report.svg")).startsWith("<svg"));
  }

  @Test
  void randomAndLongestRankersReportTheirOwnFiguresOverTheSameBaselines() throws Exception {
    JsonNode longest = eval("longest", tmp.resolve("longest.json"));
    JsonNode random = eval("random", tmp.resolve("random.json"));
    assertEquals("random", random.get("ranker").asText());
    // the baselines are properties of the sets, so they agree; the ranker's own figures are its own
    assertEquals(longest.get("longest").asDouble(), random.get("longest").asDouble(), 1e-12);
    assertEquals(longest.get("oracle").asDouble(), random.get("oracle").asDouble(), 1e-12);
    assertNotEquals(
        longest.get("win_rate").asDouble(), random.get("win_rate").asDouble(), "random: " + random);
    assertNotEquals(
        longest.get("spearman").asDouble(), random.get("spearman").asDouble(), "random: " + random);
    assertEquals(longestByHand(), longest.get("win_rate").asDouble(), 1e-9);
  }

  @Test
  void crossValidationWritesOneRowPerStrategyFoldFiguresDetailsAndAWellFormedChart()
      throws Exception {
    Path json = tmp.resolve("cv/report.json");
    Path details = tmp.resolve("cv/details.jsonl");
    Cli.Result r =
        Cli.run(
            "eval",
            "--data",
            data.toString(),
            "--pool",
            String.join(",", POOL),
            "--folds",
            "3",
            "--ranker",
            "longest,prior,ensemble",
            "--json",
            json.toString(),
            "--details",
            details.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("3-fold cross-validation"), r.out());
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    int complete =
        (int)
            JudgedDataset.read(data).stream()
                .filter(it -> it.byModel().keySet().containsAll(POOL))
                .count();
    assertEquals(complete, report.get("n_sets").asInt());
    assertEquals(3, report.get("baselines").size());
    assertEquals(
        List.of("longest", "prior", "ensemble"),
        java.util.stream.StreamSupport.stream(report.get("strategies").spliterator(), false)
            .map(n -> n.get("name").asText())
            .toList());
    int held = 0;
    for (JsonNode fold : report.get("strategies").get(0).get("folds")) {
      held += fold.get("n_sets").asInt();
    }
    assertEquals(complete, held, "every set is held exactly once");
    // longest learns nothing: its mean over folds is the mean of its own fold figures
    JsonNode longest = report.get("strategies").get(0);
    double mean =
        java.util.stream.StreamSupport.stream(longest.get("folds").spliterator(), false)
            .mapToDouble(f -> f.get("win_rate").asDouble())
            .average()
            .orElseThrow();
    assertEquals(mean, longest.get("win_rate").get("mean").asDouble(), 1e-9);
    List<String> lines = Files.readAllLines(details);
    assertEquals(3 * complete, lines.size());
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertEquals(POOL.size(), first.get("scores").size());
    assertEquals(
        first.get("wins").get(first.get("chosen").asText()).asDouble(),
        first.get("chosen_win").asDouble());
    javax.xml.parsers.DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(tmp.resolve("cv/report.svg").toFile());
  }

  @Test
  void withoutFoldsOnlyOneRankerAndNoDetailsAreAccepted() {
    Cli.Result two =
        Cli.run(
            "eval",
            "--data",
            data.toString(),
            "--pool",
            String.join(",", POOL),
            "--ranker",
            "longest,random",
            "--json",
            tmp.resolve("x.json").toString());
    assertEquals(2, two.code(), two.toString());
    assertTrue(two.err().contains("--folds"), two.err());
  }

  @Test
  void simulateFeedbackPrintsTheCurvesAndWritesThemWithoutARanker() throws Exception {
    Path json = tmp.resolve("feedback.json");
    Cli.Result r =
        Cli.run(
            "eval",
            "--data",
            data.toString(),
            "--pool",
            String.join(",", POOL),
            "--simulate-feedback",
            "1.0",
            "--orders",
            "3",
            "--segment",
            "5",
            "--json",
            json.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(
        r.out().contains("feedback rate 1.00, bradley-terry, half-life 200 records, 3 orders"),
        r.out());
    assertTrue(r.out().contains("1-5       |"), r.out());
    JsonNode result = new ObjectMapper().readTree(json.toFile()).path("result");
    assertEquals(3, result.path("settings").path("orders").asInt());
    assertTrue(result.path("segments").size() >= 2, result.toString());
    assertTrue(result.path("segments").get(0).path("winRate").has("online"), result.toString());

    Cli.Result both =
        Cli.run(
            "eval",
            "--data",
            data.toString(),
            "--pool",
            String.join(",", POOL),
            "--simulate-feedback",
            "1.0",
            "--ranker",
            "ensemble",
            "--json",
            json.toString());
    assertEquals(2, both.code(), both.toString());
    assertTrue(both.err().contains("without --folds or --ranker"), both.err());
    Cli.Result none =
        Cli.run(
            "eval",
            "--data",
            data.toString(),
            "--pool",
            String.join(",", POOL),
            "--json",
            json.toString());
    assertEquals(2, none.code(), none.toString());
    assertTrue(none.err().contains("--ranker"), none.err());
  }
}

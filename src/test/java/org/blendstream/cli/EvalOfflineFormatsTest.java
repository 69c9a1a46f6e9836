package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.blendstream.eval.Bleu;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.eval.PairwiseReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval} on pairwise and MixInstruct files, and its BLEU/ROUGE per mode, through the real
 * command line.
 */
class EvalOfflineFormatsTest {

  private static final Path PAIRS = Path.of("src/test/resources/eval/pairwise-sample.jsonl");
  private static final Path MIX = Path.of("src/test/resources/eval/mixinstruct-tiny.json");
  private static final Path FUSER = Path.of("src/test/resources/fixtures/fuser-tiny");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private static int codePoints(String s) {
    return s.codePointCount(0, s.length());
  }

  @Test
  void aPairwiseFilePrintsAgreementAndTheScenarioBreakdownAndWritesThem() throws Exception {
    Path json = tmp.resolve("pw.json");
    Path html = tmp.resolve("pw.html");
    Cli.Result r =
        Cli.run(
            "eval",
            "--data",
            PAIRS.toString(),
            "--ranker",
            "longest",
            "--json",
            json.toString(),
            "--report",
            html.toString());
    assertEquals(0, r.code(), r.toString());
    // The longest answer's agreement, counted here from the raw file.
    double hits = 0;
    int nonTie = 0;
    int all = 0;
    Set<String> scenarios = new LinkedHashSet<>();
    for (String line : Files.readAllLines(PAIRS)) {
      JsonNode p = JSON.readTree(line);
      all++;
      scenarios.add(p.get("scenario").asText());
      String label = p.get("label").asText();
      if (label.equals("tie")) {
        continue;
      }
      nonTie++;
      int d = codePoints(p.get("a").asText()) - codePoints(p.get("b").asText());
      hits += d == 0 ? 0.5 : (d > 0) == label.equals("a") ? 1 : 0;
    }
    JsonNode report = JSON.readTree(json.toFile());
    assertEquals("pairwise", report.get("format").asText());
    assertEquals(all, report.get("n_pairs").asInt());
    assertEquals(100 * hits / nonTie, report.get("agreement").get("value").asDouble(), 1e-9);
    assertEquals(
        100 * hits / all, report.get("agreement_ties_as_misses").get("value").asDouble(), 1e-9);
    JsonNode ci = report.get("agreement").get("ci95");
    assertTrue(
        ci.get(0).asDouble() < 100 * hits / nonTie && 100 * hits / nonTie < ci.get(1).asDouble(),
        ci.toString());
    List<String> keys = new ArrayList<>();
    report.get("by_scenario").fieldNames().forEachRemaining(keys::add);
    assertEquals(List.copyOf(scenarios), keys);
    assertTrue(r.out().contains("agreement (pairs not labelled tie)"), r.out());
    assertTrue(r.out().contains("ties counted as misses"), r.out());
    for (String s : scenarios) {
      assertTrue(r.out().contains(s), "breakdown lists " + s + ": " + r.out());
    }
    // The report's scenario section: one table row per scenario with a non-tie pair, figures as in
    // the JSON.
    org.w3c.dom.Document page = org.blendstream.eval.report.ReportXml.parse(Files.readString(html));
    String text = page.getDocumentElement().getTextContent();
    assertTrue(Files.readString(html).contains("id=\"agreement-by-scenario\""));
    for (String s : keys) {
      JsonNode a = report.get("by_scenario").get(s).get("agreement");
      if (!a.get("value").isNull()) {
        assertTrue(
            text.contains(String.format(java.util.Locale.ROOT, "%.2f", a.get("value").asDouble())),
            s + " agreement in the report");
      }
    }
  }

  @Test
  void aPairRankerOnPairsReadsTheLogitsOfBothSeats() throws Exception {
    Path model =
        Path.of(getClass().getResource("/fixtures/pairranker-tiny/model.pt").toURI()).getParent();
    Path json = tmp.resolve("pw.json");
    Cli.Result r =
        Cli.run(
            "eval",
            "--data",
            PAIRS.toString(),
            "--ranker",
            model.toString(),
            "--limit",
            "4",
            "--json",
            json.toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode report = JSON.readTree(json.toFile());
    assertEquals(PairwiseReport.BY_LOGITS, report.get("preference").asText());
    assertEquals(8, report.get("pairs_scored").asInt());
    assertEquals("maxlogits", report.get("aggregation").asText());
  }

  @Test
  void aMixInstructFilePrintsGptRankAndTop3() throws Exception {
    Path json = tmp.resolve("mix.json");
    Cli.Result r =
        Cli.run("eval", "--data", MIX.toString(), "--ranker", "longest", "--json", json.toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode report = JSON.readTree(json.toFile());
    // hand-derived in MixInstructTest: longest picks oracle ranks 1 and 4; the third example has no
    // verdicts
    assertEquals(2.5, report.get("gpt_rank").asDouble(), 1e-12);
    assertEquals(50.0, report.get("top3").asDouble(), 1e-12);
    assertEquals(1, report.get("n_skipped").asInt());
    assertEquals(
        2,
        report.get("text_metrics").get("with_reference").asInt(),
        "MixInstruct's output is the reference");
    assertTrue(r.out().contains("GPT-Rank") && r.out().contains("Top-3"), r.out());
  }

  @Test
  void judgedDataReportsBleuAndRougeOfTheSelectedAnswersAgainstTheReferences() throws Exception {
    Path data = tmp.resolve("sample.jsonl.gz");
    try (InputStream in = getClass().getResourceAsStream(JudgedDataset.BUNDLED_SAMPLE)) {
      Files.copy(in, data);
    }
    List<String> pool = List.of("alpaca-7b", "vicuna-13b", "wizardlm-13b");
    Path json = tmp.resolve("j.json");
    Cli.Result r =
        Cli.run(
            "eval",
            "--data",
            data.toString(),
            "--pool",
            String.join(",", pool),
            "--ranker",
            "longest",
            "--limit",
            "5",
            "--json",
            json.toString());
    assertEquals(0, r.code(), r.toString());
    List<String> hyps = new ArrayList<>();
    List<List<String>> refs = new ArrayList<>();
    JudgedDataset.read(data).stream()
        .filter(it -> it.byModel().keySet().containsAll(pool))
        .limit(5)
        .forEach(
            it -> {
              String longest =
                  pool.stream()
                      .map(m -> it.byModel().get(m).text())
                      .reduce((x, y) -> codePoints(y) > codePoints(x) ? y : x)
                      .orElseThrow();
              hyps.add(longest);
              refs.add(List.of(it.reference()));
            });
    JsonNode modes = JSON.readTree(json.toFile()).get("text_metrics").get("modes");
    assertEquals(1, modes.size());
    assertEquals("selected", modes.get(0).get("mode").asText());
    assertEquals(Bleu.corpus(hyps, refs).score(), modes.get(0).get("bleu").asDouble(), 1e-9);
    assertTrue(r.out().contains("ROUGE-Lsum") && r.out().contains("fused: not run"), r.out());
  }

  @Test
  void withAFuserTheFusedAnswersAreScoredOnTheSameInstructions() throws Exception {
    Path json = tmp.resolve("mix.json");
    Cli.Result r =
        Cli.run(
            "eval",
            "--data",
            MIX.toString(),
            "--ranker",
            "longest",
            "--fuser",
            FUSER.toString(),
            "--fuser-top-k",
            "2",
            "--json",
            json.toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode text = JSON.readTree(json.toFile()).get("text_metrics");
    assertEquals("tiny-t5-fuser-fixture", text.get("fuser").asText());
    assertEquals(2, text.get("modes").size());
    assertEquals("fused", text.get("modes").get(1).get("mode").asText());
    assertEquals(
        text.get("modes").get(0).get("n").asInt(), text.get("modes").get(1).get("n").asInt());
  }

  @Test
  void aFileOfNoKnownFormatIsAUsageErrorNamingItsFields() throws Exception {
    Path f = tmp.resolve("x.jsonl");
    Files.writeString(f, "{\"question\":\"q\"}\n");
    Cli.Result r =
        Cli.run(
            "eval",
            "--data",
            f.toString(),
            "--ranker",
            "longest",
            "--json",
            tmp.resolve("x.json").toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(
        r.err().contains("cannot tell the format") && r.err().contains("[question]"), r.err());
  }

  @Test
  void crossValidationAndJudgedDataWithoutAPoolAreRefused() {
    Cli.Result folds =
        Cli.run(
            "eval",
            "--data",
            PAIRS.toString(),
            "--ranker",
            "longest",
            "--folds",
            "3",
            "--json",
            tmp.resolve("x.json").toString());
    assertEquals(2, folds.code(), folds.toString());
    assertTrue(folds.err().contains("judged data only"), folds.err());
    Path data = Path.of("src/main/resources/samples/alpacaeval-sample.jsonl.gz");
    Cli.Result noPool =
        Cli.run(
            "eval",
            "--data",
            data.toString(),
            "--ranker",
            "longest",
            "--json",
            tmp.resolve("x.json").toString());
    assertEquals(2, noPool.code(), noPool.toString());
    assertTrue(noPool.err().contains("--pool"), noPool.err());
  }
}

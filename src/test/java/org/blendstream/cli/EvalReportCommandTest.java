package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.eval.report.ReportXml;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class EvalReportCommandTest {

  private static final List<String> POOL = List.of("alpaca-7b", "vicuna-13b", "wizardlm-13b");

  @TempDir Path tmp;

  Path data;

  @BeforeEach
  void copySample() throws Exception {
    data = tmp.resolve("sample.jsonl.gz");
    try (InputStream in = getClass().getResourceAsStream("/samples/alpacaeval-sample.jsonl.gz")) {
      Files.copy(in, data);
    }
  }

  private String thirdCompleteSet() {
    return JudgedDataset.read(data).stream()
        .filter(it -> it.byModel().keySet().containsAll(POOL))
        .skip(2)
        .findFirst()
        .orElseThrow()
        .id();
  }

  @Test
  void reportFlagWritesAnHtmlPageWhoseFiguresAreTheJsonsAndWhoseMatrixIsTheChosenSet()
      throws Exception {
    Path json = tmp.resolve("out/eval.json");
    Path html = tmp.resolve("out/eval.html");
    String set = thirdCompleteSet();
    Cli.Result r =
        Cli.run(
            "eval",
            "--data",
            data.toString(),
            "--pool",
            String.join(",", POOL),
            "--ranker",
            "consensus-lexical",
            "--limit",
            "10",
            "--json",
            json.toString(),
            "--report",
            html.toString(),
            "--report-set",
            set);
    assertEquals(0, r.code(), r.toString());
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    Document doc = ReportXml.parse(Files.readString(html));
    assertEquals(List.of("win-rates", "chosen-model", "ranking-matrix"), ReportXml.sectionIds(doc));
    List<List<String>> rows = ReportXml.tableRows(ReportXml.section(doc, "win-rates"));
    assertEquals(
        List.of("ranker: consensus-lexical", fmt(report.get("win_rate").asDouble())),
        rows.get(0).subList(0, 2));
    assertTrue(
        rows.stream()
            .anyMatch(
                row ->
                    row.get(0).equals("oracle")
                        && row.get(1).equals(fmt(report.get("oracle").asDouble()))),
        rows.toString());
    assertTrue(ReportXml.section(doc, "ranking-matrix").getTextContent().contains("of set " + set));
  }

  @Test
  void crossValidationReportHasTheFoldSpreadAndAChoiceSeriesPerStrategy() throws Exception {
    Path html = tmp.resolve("cv.html");
    Cli.Result r =
        Cli.run(
            "eval",
            "--data",
            data.toString(),
            "--pool",
            String.join(",", POOL),
            "--folds",
            "2",
            "--ranker",
            "longest,random",
            "--json",
            tmp.resolve("cv.json").toString(),
            "--report",
            html.toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode report = new ObjectMapper().readTree(tmp.resolve("cv.json").toFile());
    Document doc = ReportXml.parse(Files.readString(html));
    assertEquals(
        List.of("win-rates", "fold-spread", "chosen-model", "ranking-matrix"),
        ReportXml.sectionIds(doc));
    List<List<String>> spread = ReportXml.tableRows(ReportXml.section(doc, "fold-spread"));
    for (int s = 0; s < 2; s++) {
      JsonNode strategy = report.get("strategies").get(s);
      assertEquals(strategy.get("name").asText(), spread.get(s).get(0));
      for (int f = 0; f < 2; f++) {
        assertEquals(
            fmt(strategy.get("folds").get(f).get("win_rate").asDouble()), spread.get(s).get(3 + f));
      }
    }
    String headers = String.join("|", ReportXml.texts(doc, ReportXml.XHTML, "th"));
    assertTrue(headers.contains("judge's best %|longest %|random %"), headers);
  }

  @Test
  void reportSetThatWasNotEvaluatedIsRefusedBeforeRanking() {
    Cli.Result r =
        Cli.run(
            "eval",
            "--data",
            data.toString(),
            "--pool",
            String.join(",", POOL),
            "--ranker",
            "longest",
            "--json",
            tmp.resolve("x.json").toString(),
            "--report",
            tmp.resolve("x.html").toString(),
            "--report-set",
            "no-such-set");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--report-set no-such-set"), r.err());
    assertFalse(Files.exists(tmp.resolve("x.html")));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}

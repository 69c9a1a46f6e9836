package org.blendstream.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.blendstream.eval.EvalReport;
import org.blendstream.eval.Evaluator;
import org.blendstream.eval.PoolSet;
import org.blendstream.rank.LongestRanker;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

class HtmlReportTest {

  @Test
  void singleRankerReportIsWellFormedXhtmlWithEverySectionInOrder() throws Exception {
    Document doc =
        ReportXml.parse(
            ReportFixture.withOtherSections(ReportFixture.single(new ReportRecorder(null)))
                .render());
    assertEquals(
        List.of(
            "win-rates",
            "chosen-model",
            "ranking-matrix",
            "agreement-by-scenario",
            "changed-selections"),
        ReportXml.sectionIds(doc));
    assertEquals(
        4,
        doc.getElementsByTagNameNS(ReportXml.SVG, "svg").getLength(),
        "one inline chart each for win rates, choices, matrix, scenarios");
  }

  @Test
  void crossValidationReportAddsTheSpreadOverFolds() throws Exception {
    Document doc = ReportXml.parse(ReportFixture.crossValidation().render());
    assertEquals(
        List.of("win-rates", "fold-spread", "chosen-model", "ranking-matrix"),
        ReportXml.sectionIds(doc));
    List<List<String>> folds = ReportXml.tableRows(ReportXml.section(doc, "fold-spread"));
    // two strategies, then the best single and the oracle; three fixed columns and one per fold
    assertEquals(4, folds.size());
    assertEquals(3 + 2, folds.get(0).size());
  }

  @Test
  void hostileNamesAndPromptsReachTheReaderAsTextNeverAsMarkup() throws Exception {
    String html =
        ReportFixture.withOtherSections(ReportFixture.single(new ReportRecorder(null))).render();
    Document doc = ReportXml.parse(html);
    assertEquals(
        0, countByLocalName(doc, "script"), "a model name must not become a script element");
    assertFalse(html.contains("<script"), "not even as raw text");
    List<String> cells = ReportXml.texts(doc, ReportXml.XHTML, "td");
    assertTrue(cells.contains(ReportFixture.HOSTILE_SHOWN), "the name is shown as typed: " + cells);
    assertTrue(cells.contains("Why is 1 < 2 && 3 > 2?"), cells.toString());
    List<String> svgTexts = ReportXml.texts(doc, ReportXml.SVG, "text");
    assertTrue(
        svgTexts.stream().anyMatch(t -> t.contains(ReportFixture.HOSTILE_SHOWN)),
        "and in the charts");
    String matrix = ReportXml.section(doc, "ranking-matrix").getTextContent();
    assertTrue(
        matrix.contains("Prompt 0 with <tags> & \"quotes\""),
        "the matrix set's prompt as text: " + matrix);
  }

  @Test
  void nothingIsFetchedOrRunAtViewTime() throws Exception {
    Document doc =
        ReportXml.parse(ReportFixture.withOtherSections(ReportFixture.crossValidation()).render());
    NodeList all = doc.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      assertFalse(
          List.of(
                  "script",
                  "link",
                  "img",
                  "iframe",
                  "object",
                  "embed",
                  "image",
                  "use",
                  "foreignObject")
              .contains(e.getLocalName()),
          "element " + e.getLocalName());
      NamedNodeMap attrs = e.getAttributes();
      for (int a = 0; a < attrs.getLength(); a++) {
        String name =
            attrs.item(a).getLocalName() == null
                ? attrs.item(a).getNodeName()
                : attrs.item(a).getLocalName();
        assertFalse(
            name.equals("href") || name.equals("src") || name.startsWith("on"),
            "attribute " + name);
      }
    }
    String csp = null;
    NodeList metas = doc.getElementsByTagNameNS(ReportXml.XHTML, "meta");
    for (int i = 0; i < metas.getLength(); i++) {
      Element m = (Element) metas.item(i);
      if ("Content-Security-Policy".equals(m.getAttribute("http-equiv"))) {
        csp = m.getAttribute("content");
      }
    }
    assertEquals("default-src 'none'; style-src 'unsafe-inline'", csp);
  }

  @Test
  void winRateRowsMatchTheEvaluatorAndEachIntervalHoldsItsMean() throws Exception {
    List<PoolSet> sets = ReportFixture.sets();
    ReportRecorder recorder = new ReportRecorder(null);
    EvalReport r =
        new Evaluator(ReportFixture.POOL)
            .evaluate(sets, recorder.wrap(new LongestRanker()), "longest", null, () -> {});
    Document doc = ReportXml.parse(EvalHtml.single(r, sets, recorder).render());
    List<List<String>> rows = ReportXml.tableRows(ReportXml.section(doc, "win-rates"));
    assertEquals(List.of("ranker: longest", fmt(r.winRate())), rows.get(0).subList(0, 2));
    assertEquals(fmt(r.oracle()), valueOf(rows, "oracle"));
    assertEquals(fmt(r.random()), valueOf(rows, "random (expected)"));
    assertEquals(fmt(r.longest()), valueOf(rows, "longest"));
    assertEquals(
        fmt(r.bestSingle().winRate()), valueOf(rows, r.bestSingle().model() + " (best single)"));
    assertEquals(4 + ReportFixture.POOL.size(), rows.size());
    for (List<String> row : rows) {
      double mean = Double.parseDouble(row.get(1));
      double low = Double.parseDouble(row.get(2));
      double high = Double.parseDouble(row.get(3));
      assertTrue(low <= mean && mean <= high && low < high, row.toString());
    }
  }

  @Test
  void chosenModelSharesCountTheRankersFirstsAndSplitTheJudgesTies() throws Exception {
    List<PoolSet> sets = ReportFixture.sets();
    Document doc = ReportXml.parse(ReportFixture.single(new ReportRecorder(null)).render());
    List<List<String>> rows = ReportXml.tableRows(ReportXml.section(doc, "chosen-model"));
    assertEquals(ReportFixture.POOL.size(), rows.size());
    double[] judge = new double[ReportFixture.POOL.size()];
    double[] longest = new double[ReportFixture.POOL.size()];
    for (PoolSet s : sets) {
      double max = Arrays.stream(s.wins()).max().orElseThrow();
      long top = Arrays.stream(s.wins()).filter(w -> w == max).count();
      int longestAt = 0;
      for (int m = 0; m < judge.length; m++) {
        if (s.wins()[m] == max) {
          judge[m] += 100.0 / top / sets.size();
        }
        if (text(s, m).length() > text(s, longestAt).length()) {
          longestAt = m;
        }
      }
      longest[longestAt] += 100.0 / sets.size();
    }
    for (int m = 0; m < judge.length; m++) {
      assertEquals(
          List.of(
              ReportFixture.HOSTILE_SHOWN.equals(rows.get(m).get(0))
                  ? ReportFixture.HOSTILE_SHOWN
                  : ReportFixture.POOL.get(m),
              fmt(judge[m]),
              fmt(longest[m])),
          rows.get(m));
    }
    // set-0's tie: two models share its first place, so no share is a multiple of 1/12 alone
    assertTrue(
        Arrays.stream(judge)
            .anyMatch(v -> Math.abs(v * 12 / 100 - Math.round(v * 12 / 100)) > 1e-9));
  }

  @Test
  void matrixOfARankerWithoutPairsShowsScoreDifferencesAndSaysSo() throws Exception {
    Document doc = ReportXml.parse(ReportFixture.single(new ReportRecorder("set-3")).render());
    Element section = ReportXml.section(doc, "ranking-matrix");
    String text = section.getTextContent();
    assertTrue(text.contains("Score differences of set set-3"), text);
    assertTrue(text.contains("score(row) − score(column)"), text);
    // an antisymmetric matrix: each off-diagonal cell's value appears with its sign flipped
    NodeList svgText = section.getElementsByTagNameNS(ReportXml.SVG, "text");
    List<String> cells =
        java.util.stream.IntStream.range(0, svgText.getLength())
            .mapToObj(i -> svgText.item(i).getTextContent())
            .filter(t -> t.matches("-?\\d+\\.\\d\\d"))
            .toList();
    assertEquals(
        ReportFixture.POOL.size() * (ReportFixture.POOL.size() - 1),
        cells.size(),
        cells.toString());
    for (String c : cells) {
      String flipped = c.startsWith("-") ? c.substring(1) : "-" + c;
      assertTrue(
          cells.contains(flipped) || Double.parseDouble(c) == 0,
          c + " without " + flipped + " in " + cells);
    }
  }

  private static String text(PoolSet s, int m) {
    return s.set().getCandidates().get(m).getText().toString();
  }

  private static String valueOf(List<List<String>> rows, String label) {
    return rows.stream()
        .filter(r -> r.get(0).equals(label))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + label + " in " + rows))
        .get(1);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static int countByLocalName(Document doc, String name) {
    return doc.getElementsByTagNameNS("*", name).getLength();
  }
}

package org.blendstream.eval.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.blendstream.eval.CvReport;

/**
 * A self-contained evaluation report: one XHTML page with inline CSS and inline SVG, no script and
 * nothing fetched when it is viewed (its Content-Security-Policy forbids both), so it can be mailed
 * or attached to a CI run. Sections appear in the order they are added; each takes plain typed
 * rows, so that any command can fill one. The page is well-formed XML as well as HTML, which lets a
 * strict parser check it.
 */
public final class HtmlReport {

  /**
   * A figure with its 95% interval and the number of items it is over, e.g. agreement on one
   * scenario.
   */
  public record IntervalRow(String label, int n, double value, double low, double high) {}

  private static final String CSS =
      """
      body{font-family:sans-serif;margin:24px;color:#212529;max-width:1100px}
      h1{font-size:22px;margin-bottom:4px}
      h2{font-size:17px;margin-top:32px;border-bottom:1px solid #dee2e6;padding-bottom:4px}
      p.note{color:#495057;font-size:13px;max-width:820px}
      table{border-collapse:collapse;font-size:12px;margin:8px 0}
      th,td{border:1px solid #dee2e6;padding:3px 8px;text-align:left;vertical-align:top}
      td.num{text-align:right;font-variant-numeric:tabular-nums}
      th{background:#f1f3f5}
      dl.facts{display:grid;grid-template-columns:max-content auto;gap:2px 16px;font-size:13px}
      dl.facts dt{color:#495057}
      dl.facts dd{margin:0}
      svg{display:block;margin:8px 0}
      """;

  private final String title;
  private final List<String[]> facts = new ArrayList<>();
  private final List<String> sections = new ArrayList<>();
  private final Map<String, Integer> ids = new LinkedHashMap<>();

  public HtmlReport(String title) {
    this.title = title;
  }

  /**
   * A line of the summary under the title: what was evaluated, on what, and the headline figures.
   */
  public HtmlReport fact(String name, String value) {
    facts.add(new String[] {name, value});
    return this;
  }

  /**
   * Bars with their intervals; {@code rows} repeats them as a table, for reading exact figures and
   * for copying.
   */
  public HtmlReport winRates(
      String heading,
      String note,
      String chartTitle,
      List<WinRateChart.Bar> bars,
      WinRateChart.Marker marker) {
    List<List<String>> rows = new ArrayList<>();
    for (WinRateChart.Bar b : bars) {
      rows.add(
          List.of(
              b.label(),
              num(b.value()),
              b.interval() == null ? "" : num(b.interval()[0]),
              b.interval() == null ? "" : num(b.interval()[1])));
    }
    return section(
        "win-rates",
        heading,
        note,
        WinRateChart.svg(chartTitle, "bar: win rate; whisker: 95% interval", bars, marker),
        List.of("strategy", "win rate %", "95% low", "95% high"),
        rows);
  }

  /** Which model comes first: one series per chooser, shares in % of sets. */
  public HtmlReport chosenModel(String note, List<String> models, List<ChoiceChart.Series> series) {
    List<String> headers = new ArrayList<>();
    headers.add("model");
    series.forEach(s -> headers.add(s.name() + " %"));
    List<List<String>> rows = new ArrayList<>();
    for (int m = 0; m < models.size(); m++) {
      List<String> row = new ArrayList<>();
      row.add(models.get(m));
      for (ChoiceChart.Series s : series) {
        row.add(num(s.shares()[m]));
      }
      rows.add(row);
    }
    return section(
        "chosen-model",
        "Which model is chosen first",
        note,
        ChoiceChart.svg("Share of sets (%) where each model comes first", models, series),
        headers,
        rows);
  }

  public HtmlReport rankingMatrix(String note, MatrixHeatmap.View view) {
    return section(
        "ranking-matrix", "One ranking matrix", note, MatrixHeatmap.svg(view), null, null);
  }

  /**
   * The cross-validation's per-fold figures: the fold chart, and every fold's win rate per
   * strategy.
   */
  public HtmlReport foldSpread(CvReport r) {
    List<String> headers =
        new ArrayList<>(List.of("strategy", "mean ± sd", "Δ best single (95% CI, pooled)"));
    for (CvReport.FoldBaseline b : r.baselines()) {
      headers.add("fold " + b.fold() + " (" + b.nSets() + ")");
    }
    List<List<String>> rows = new ArrayList<>();
    for (CvReport.Strategy s : r.strategies()) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  s.name(),
                  num(s.winRate().mean()) + " ± " + num(s.winRate().sd()),
                  String.format(
                      Locale.ROOT,
                      "%+.2f [%+.2f, %+.2f]",
                      s.delta().mean(),
                      s.deltaCi()[0],
                      s.deltaCi()[1])));
      s.folds().forEach(f -> row.add(num(f.winRate())));
      rows.add(row);
    }
    List<String> best = new ArrayList<>(List.of("best single (training folds' pick)", "", ""));
    r.baselines().forEach(b -> best.add(b.bestSingle() + ": " + num(b.bestSingleWinRate())));
    rows.add(best);
    List<String> oracle = new ArrayList<>(List.of("oracle", "", ""));
    r.baselines().forEach(b -> oracle.add(num(b.oracle())));
    rows.add(oracle);
    return section(
        "fold-spread",
        "Spread over folds",
        "Each strategy's win rate on each held fold. Dots are folds: a lead that holds in every"
            + " fold is worth more than one that rests on a single fold.",
        CvChart.svg(r),
        headers,
        rows);
  }

  /** Pairwise agreement per scenario or subset, in %, with each row's interval. */
  public HtmlReport agreementByScenario(String note, List<IntervalRow> rows) {
    List<WinRateChart.Bar> bars = new ArrayList<>();
    List<List<String>> table = new ArrayList<>();
    for (IntervalRow r : rows) {
      bars.add(
          new WinRateChart.Bar(
              r.label() + " (" + r.n() + ")",
              r.value(),
              new double[] {r.low(), r.high()},
              WinRateChart.RANKER));
      table.add(
          List.of(r.label(), Integer.toString(r.n()), num(r.value()), num(r.low()), num(r.high())));
    }
    return section(
        "agreement-by-scenario",
        "Agreement by scenario",
        note,
        WinRateChart.svg(
            "Pairwise agreement (%) by scenario",
            "bar: agreement; whisker: 95% interval; (n pairs)",
            bars,
            new WinRateChart.Marker("chance", 50)),
        List.of("scenario", "pairs", "agreement %", "95% low", "95% high"),
        table);
  }

  /** A table of the selections that changed, e.g. between a replay and the recorded run. */
  public HtmlReport changedSelections(String note, List<String> headers, List<List<String>> rows) {
    return section(
        "changed-selections",
        "Changed selections (" + rows.size() + ")",
        note,
        null,
        headers,
        rows);
  }

  /** Any other table, under its own heading. */
  public HtmlReport table(
      String id, String heading, String note, List<String> headers, List<List<String>> rows) {
    return section(id, heading, note, null, headers, rows);
  }

  private HtmlReport section(
      String id,
      String heading,
      String note,
      String svg,
      List<String> headers,
      List<List<String>> rows) {
    int seen = ids.merge(id, 1, Integer::sum);
    StringBuilder s = new StringBuilder();
    s.append("<section id=\"").append(Markup.esc(seen == 1 ? id : id + "-" + seen)).append("\">\n");
    s.append("<h2>").append(Markup.esc(heading)).append("</h2>\n");
    if (note != null && !note.isEmpty()) {
      s.append("<p class=\"note\">").append(Markup.esc(note)).append("</p>\n");
    }
    if (svg != null) {
      s.append(svg);
    }
    if (headers != null) {
      s.append("<table>\n<thead><tr>");
      headers.forEach(h -> s.append("<th>").append(Markup.esc(h)).append("</th>"));
      s.append("</tr></thead>\n<tbody>\n");
      for (List<String> row : rows) {
        s.append("<tr>");
        for (String cell : row) {
          String text = Markup.shorten(cell, 400);
          s.append(isNumber(text) ? "<td class=\"num\">" : "<td>")
              .append(Markup.esc(text))
              .append("</td>");
        }
        s.append("</tr>\n");
      }
      s.append("</tbody>\n</table>\n");
    }
    s.append("</section>\n");
    sections.add(s.toString());
    return this;
  }

  public String render() {
    StringBuilder s = new StringBuilder();
    s.append(
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n");
    s.append("<meta charset=\"utf-8\"/>\n");
    s.append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .append(Markup.esc("default-src 'none'; style-src 'unsafe-inline'"))
        .append("\"/>\n");
    s.append("<title>").append(Markup.esc(title)).append("</title>\n");
    s.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    s.append("<h1>").append(Markup.esc(title)).append("</h1>\n");
    if (!facts.isEmpty()) {
      s.append("<dl class=\"facts\">\n");
      for (String[] f : facts) {
        s.append("<dt>")
            .append(Markup.esc(f[0]))
            .append("</dt><dd>")
            .append(Markup.esc(f[1]))
            .append("</dd>\n");
      }
      s.append("</dl>\n");
    }
    sections.forEach(s::append);
    s.append("</body>\n</html>\n");
    return s.toString();
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static boolean isNumber(String text) {
    return text.matches("[+\\-−]?\\d+(\\.\\d+)?");
  }
}

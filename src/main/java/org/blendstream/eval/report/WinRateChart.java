package org.blendstream.eval.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.blendstream.eval.EvalReport;

/**
 * The picture of an evaluation as SVG: one horizontal bar per strategy (the ranker, the oracle, the
 * baselines and each single model), with a line at the best single model, because "is the ranker
 * right of that line, and by how much of the oracle's headroom" is the question a table answers
 * slowly. The same drawing, with a whisker per bar, serves the HTML report's win rates and its
 * per-scenario agreement.
 */
public final class WinRateChart {

  public static final String RANKER = "#d9480f";
  public static final String ORACLE = "#2b8a3e";
  public static final String BASELINE = "#868e96";
  public static final String MODEL = "#4263eb";

  private static final int ROW = 22;
  private static final int LABEL_WIDTH = 230;
  private static final int BAR_WIDTH = 420;
  private static final int TOP = 56;

  private WinRateChart() {}

  /** {@code interval} is {low, high} in the bar's unit, or null when none was computed. */
  public record Bar(String label, double value, double[] interval, String color) {}

  /** A dashed vertical line across the bars, labelled below them. */
  public record Marker(String label, double value) {}

  public static String svg(EvalReport r) {
    List<Bar> bars = new ArrayList<>();
    bars.add(new Bar("ranker: " + r.ranker(), r.winRate(), null, RANKER));
    bars.add(new Bar("oracle", r.oracle(), null, ORACLE));
    bars.add(new Bar("longest", r.longest(), null, BASELINE));
    bars.add(new Bar("random (expected)", r.random(), null, BASELINE));
    r.singleModels().entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .forEach(e -> bars.add(new Bar(e.getKey(), e.getValue(), null, MODEL)));
    String subtitle =
        String.format(
            Locale.ROOT,
            "pair accuracy %s, spearman %.3f, ranker − best single: 95%% CI"
                + " [%.2f, %.2f] points",
            EvalReport.pairAccuracyText(r.pairAccuracy()),
            r.spearman(),
            r.winRateDeltaCi()[0],
            r.winRateDeltaCi()[1]);
    return svg(
        String.format(Locale.ROOT, "Win rate (%%) on %d sets: %s", r.nSets(), r.ranker()),
        subtitle,
        bars,
        new Marker("best single (" + r.bestSingle().model() + ")", r.bestSingle().winRate()));
  }

  /** Bars in the given order; {@code marker} may be null. Texts are escaped here. */
  public static String svg(String title, String subtitle, List<Bar> bars, Marker marker) {
    double max = 1e-9;
    for (Bar b : bars) {
      max = Math.max(max, b.interval() == null ? b.value() : Math.max(b.value(), b.interval()[1]));
    }
    if (marker != null) {
      max = Math.max(max, marker.value());
    }
    max *= 1.1;
    int height = TOP + bars.size() * ROW + 40;
    int width = LABEL_WIDTH + BAR_WIDTH + 70;
    StringBuilder s = new StringBuilder();
    s.append(Markup.svgStart(width, height, title));
    s.append(
        String.format(Locale.ROOT, "<text x=\"10\" y=\"38\">%s</text>%n", Markup.esc(subtitle)));
    for (int k = 0; k < bars.size(); k++) {
      Bar b = bars.get(k);
      int y = TOP + k * ROW;
      double w = BAR_WIDTH * Math.max(0, b.value()) / max;
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
              LABEL_WIDTH - 6,
              y + 14,
              Markup.esc(b.label())));
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
              LABEL_WIDTH,
              y + 3,
              w,
              ROW - 6,
              b.color()));
      double textAt = LABEL_WIDTH + w;
      if (b.interval() != null) {
        double lo = LABEL_WIDTH + BAR_WIDTH * Math.max(0, b.interval()[0]) / max;
        double hi = LABEL_WIDTH + BAR_WIDTH * Math.max(0, b.interval()[1]) / max;
        int mid = y + ROW / 2;
        s.append(
            String.format(
                Locale.ROOT,
                "<path d=\"M%.1f %dV%dM%.1f %dH%.1fM%.1f %dV%d\" stroke=\"black\" "
                    + "fill=\"none\"/>%n",
                lo,
                mid - 4,
                mid + 4,
                lo,
                mid,
                hi,
                hi,
                mid - 4,
                mid + 4));
        textAt = Math.max(textAt, hi);
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\">%.2f</text>%n",
              textAt + 4,
              y + 14,
              b.value()));
    }
    if (marker != null) {
      double bx = LABEL_WIDTH + BAR_WIDTH * marker.value() / max;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\" "
                  + "stroke-dasharray=\"4 3\"/>%n",
              bx,
              TOP,
              bx,
              TOP + bars.size() * ROW));
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
              bx,
              TOP + bars.size() * ROW + 16,
              Markup.esc(marker.label())));
    }
    s.append("</svg>\n");
    return s.toString();
  }
}

package org.blendstream.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The picture of an evaluation as SVG: one horizontal bar per strategy (the ranker, the oracle, the baselines and
 * each single model), with a line at the best single model, because "is the ranker right of that line, and by how
 * much of the oracle's headroom" is the question a table answers slowly.
 */
public final class WinRateChart {

  private static final int ROW = 22;
  private static final int LABEL_WIDTH = 230;
  private static final int BAR_WIDTH = 420;
  private static final int TOP = 56;

  private WinRateChart() {}

  public static String svg(EvalReport r) {
    record Bar(String label, double value, String color) {}
    List<Bar> bars = new ArrayList<>();
    bars.add(new Bar("ranker: " + r.ranker(), r.winRate(), "#d9480f"));
    bars.add(new Bar("oracle", r.oracle(), "#2b8a3e"));
    bars.add(new Bar("longest", r.longest(), "#868e96"));
    bars.add(new Bar("random (expected)", r.random(), "#868e96"));
    r.singleModels().entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .forEach(e -> bars.add(new Bar(e.getKey(), e.getValue(), "#4263eb")));
    double max = Math.max(1e-9, bars.stream().mapToDouble(Bar::value).max().orElse(1)) * 1.1;
    int height = TOP + bars.size() * ROW + 40;
    int width = LABEL_WIDTH + BAR_WIDTH + 70;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
            + "font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", width, height));
    s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">"
        + "Win rate (%%) on %d sets: %s</text>%n", r.nSets(), esc(r.ranker())));
    s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"38\">pair accuracy %s, spearman %.3f, "
            + "ranker − best single: 95%% CI [%.2f, %.2f] points</text>%n",
        EvalReport.pairAccuracyText(r.pairAccuracy()), r.spearman(), r.winRateDeltaCi()[0], r.winRateDeltaCi()[1]));
    for (int k = 0; k < bars.size(); k++) {
      Bar b = bars.get(k);
      int y = TOP + k * ROW;
      double w = BAR_WIDTH * b.value() / max;
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
          LABEL_WIDTH - 6, y + 14, esc(b.label())));
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
          LABEL_WIDTH, y + 3, w, ROW - 6, b.color()));
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2f</text>%n",
          LABEL_WIDTH + w + 4, y + 14, b.value()));
    }
    double bx = LABEL_WIDTH + BAR_WIDTH * r.bestSingle().winRate() / max;
    s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\" "
        + "stroke-dasharray=\"4 3\"/>%n", bx, TOP, bx, TOP + bars.size() * ROW));
    s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">best single (%s)</text>%n",
        bx, TOP + bars.size() * ROW + 16, esc(r.bestSingle().model())));
    s.append("</svg>\n");
    return s.toString();
  }

  static String esc(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}

package org.blendstream.eval.report;

import java.util.List;
import java.util.Locale;

/**
 * Which model comes first, as SVG: per pool model, one thin bar per series (the judge's best, then
 * each ranker) with the share of sets where that model is first, as in LLM-Blender's figure of how
 * often each model ranks first. A ranker that always picks one model shows one long bar where the
 * judge's shares are spread out.
 */
public final class ChoiceChart {

  private static final String[] PALETTE = {
    "#2b8a3e", "#d9480f", "#4263eb", "#ae3ec9", "#f08c00", "#1098ad", "#868e96", "#5c940d"
  };
  private static final int BAR = 9;
  private static final int GAP = 8;
  private static final int LABEL_WIDTH = 230;
  private static final int BAR_WIDTH = 420;
  private static final int TOP = 40;

  private ChoiceChart() {}

  /** {@code shares[m]} in % of sets, in the order of {@code models}. */
  public record Series(String name, double[] shares) {}

  public static String color(int series) {
    return PALETTE[series % PALETTE.length];
  }

  public static String svg(String title, List<String> models, List<Series> series) {
    double max = 1e-9;
    for (Series s : series) {
      if (s.shares().length != models.size()) {
        throw new IllegalArgumentException(
            "series "
                + s.name()
                + " has "
                + s.shares().length
                + " shares for "
                + models.size()
                + " models");
      }
      for (double v : s.shares()) {
        max = Math.max(max, v);
      }
    }
    max *= 1.15;
    int group = series.size() * BAR + GAP;
    int legendTop = TOP + models.size() * group + 10;
    int height = legendTop + series.size() * 16 + 10;
    StringBuilder out = new StringBuilder();
    out.append(Markup.svgStart(LABEL_WIDTH + BAR_WIDTH + 70, height, title));
    for (int m = 0; m < models.size(); m++) {
      int y = TOP + m * group;
      out.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
              LABEL_WIDTH - 6,
              y + series.size() * BAR / 2 + 4,
              Markup.esc(models.get(m))));
      for (int k = 0; k < series.size(); k++) {
        double v = series.get(k).shares()[m];
        double w = BAR_WIDTH * v / max;
        out.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                LABEL_WIDTH,
                y + k * BAR,
                w,
                BAR - 1,
                color(k)));
        out.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" font-size=\"9\">%.1f</text>%n",
                LABEL_WIDTH + w + 3,
                y + k * BAR + BAR - 1,
                v));
      }
    }
    for (int k = 0; k < series.size(); k++) {
      int y = legendTop + k * 16;
      out.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\"/>%n",
              LABEL_WIDTH,
              y,
              color(k)));
      out.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\">%s</text>%n",
              LABEL_WIDTH + 18,
              y + 9,
              Markup.esc(series.get(k).name())));
    }
    out.append("</svg>\n");
    return out.toString();
  }
}

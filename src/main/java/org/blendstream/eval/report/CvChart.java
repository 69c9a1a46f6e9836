package org.blendstream.eval.report;

import java.util.Locale;
import org.blendstream.eval.CvReport;

/**
 * The picture of a cross-validation as SVG: per strategy, the mean win rate over folds as a bar, ±
 * one sd as a whisker, and each fold as a dot, with a dashed line at the best single model (picked
 * on each fold's training instructions). The dots say at a glance whether a lead holds in every
 * fold or rests on one.
 */
public final class CvChart {

  private static final int ROW = 26;
  private static final int LABEL_WIDTH = 230;
  private static final int BAR_WIDTH = 420;
  private static final int TOP = 56;

  private CvChart() {}

  public static String svg(CvReport r) {
    double best =
        r.baselines().stream().mapToDouble(b -> b.bestSingleWinRate() * b.nSets()).sum()
            / r.nSets();
    double max = 1e-9;
    for (CvReport.Strategy s : r.strategies()) {
      max = Math.max(max, s.winRate().mean() + s.winRate().sd());
      for (CvReport.Fold f : s.folds()) {
        max = Math.max(max, f.winRate());
      }
    }
    max = Math.max(max, best) * 1.1;
    int rows = r.strategies().size();
    int height = TOP + rows * ROW + 40;
    StringBuilder s = new StringBuilder();
    s.append(
        Markup.svgStart(
            LABEL_WIDTH + BAR_WIDTH + 150,
            height,
            String.format(
                Locale.ROOT,
                "Win rate (%%), %d-fold cross-validation over %d held sets",
                r.folds(),
                r.nSets())));
    s.append(
        "<text x=\"10\" y=\"38\">bar: mean over folds; whisker: ± 1 sd; dots: folds; dashed: best"
            + " single model picked on the training folds</text>\n");
    for (int k = 0; k < rows; k++) {
      CvReport.Strategy st = r.strategies().get(k);
      int y = TOP + k * ROW;
      double mean = st.winRate().mean();
      double sd = st.winRate().sd();
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
              LABEL_WIDTH - 6,
              y + 16,
              Markup.esc(st.name())));
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
              LABEL_WIDTH,
              y + 4,
              x(mean, max),
              ROW - 8,
              st.delta().mean() > 0 ? "#d9480f" : "#4263eb"));
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>%n",
              LABEL_WIDTH + x(Math.max(0, mean - sd), max),
              y + ROW / 2,
              LABEL_WIDTH + x(mean + sd, max),
              y + ROW / 2));
      for (CvReport.Fold f : st.folds()) {
        s.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%d\" r=\"2.5\" fill=\"black\"/>%n",
                LABEL_WIDTH + x(f.winRate(), max),
                y + ROW / 2));
      }
      // In a column of its own: beside the whisker it would cover the dots of folds beyond it.
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\">%.2f ± %.2f</text>%n",
              LABEL_WIDTH + BAR_WIDTH + 12,
              y + 16,
              mean,
              sd));
    }
    double bx = LABEL_WIDTH + x(best, max);
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\" "
                + "stroke-dasharray=\"4 3\"/>%n",
            bx,
            TOP,
            bx,
            TOP + rows * ROW));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">best single %.2f</text>%n",
            bx,
            TOP + rows * ROW + 16,
            best));
    s.append("</svg>\n");
    return s.toString();
  }

  private static double x(double value, double max) {
    return BAR_WIDTH * value / max;
  }
}

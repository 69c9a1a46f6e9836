package org.blendstream.eval.report;

import java.util.List;
import java.util.Locale;

/**
 * One ranking matrix as an SVG heatmap: row model against column model, red where the row is
 * preferred, blue where the column is, white at zero, grey where the pair was not compared. The
 * colour scale is symmetric around zero so that M[i][j] and M[j][i] of a consistent ranker read as
 * opposite colours.
 */
public final class MatrixHeatmap {

  private static final int CELL = 44;
  private static final int LABEL_WIDTH = 200;
  private static final int NAME_CHARS = 26;

  private MatrixHeatmap() {}

  /**
   * {@code values[i][j]} with NaN for a pair not compared; {@code rowNotes} (may be null) is
   * printed right of each row, e.g. the judge's win of that candidate.
   */
  public record View(
      String title,
      String valueLabel,
      List<String> models,
      double[][] values,
      List<String> rowNotes) {}

  public static String svg(View v) {
    int n = v.models().size();
    double maxAbs = 1e-9;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j && !Double.isNaN(v.values()[i][j])) {
          maxAbs = Math.max(maxAbs, Math.abs(v.values()[i][j]));
        }
      }
    }
    int longest =
        v.models().stream().mapToInt(m -> Markup.shorten(m, NAME_CHARS).length()).max().orElse(0);
    // Column names are turned by 50°: about 7 px a character at 12 px, times sin 50°.
    int top = 40 + (int) Math.ceil(longest * 7 * 0.77) + 10;
    int width = Math.max(LABEL_WIDTH + n * CELL + 220, 700);
    int height = top + n * CELL + 56;
    StringBuilder s = new StringBuilder();
    s.append(Markup.svgStart(width, height, v.title()));
    for (int j = 0; j < n; j++) {
      double x = LABEL_WIDTH + j * CELL + CELL / 2.0;
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" transform=\"rotate(-50 %.1f %d)\">%s</text>%n",
              x,
              top - 6,
              x,
              top - 6,
              Markup.esc(Markup.shorten(v.models().get(j), NAME_CHARS))));
    }
    for (int i = 0; i < n; i++) {
      int y = top + i * CELL;
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
              LABEL_WIDTH - 6,
              y + CELL / 2 + 4,
              Markup.esc(Markup.shorten(v.models().get(i), NAME_CHARS))));
      for (int j = 0; j < n; j++) {
        double value = v.values()[i][j];
        boolean unknown = i == j || Double.isNaN(value);
        s.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
                    + "stroke=\"white\"/>%n",
                LABEL_WIDTH + j * CELL,
                y,
                CELL,
                CELL,
                unknown ? "#dee2e6" : color(value / maxAbs)));
        if (!unknown) {
          s.append(
              String.format(
                  Locale.ROOT,
                  "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">%s"
                      + "</text>%n",
                  LABEL_WIDTH + j * CELL + CELL / 2,
                  y + CELL / 2 + 4,
                  number(value)));
        }
      }
      if (v.rowNotes() != null) {
        s.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\">%s</text>%n",
                LABEL_WIDTH + n * CELL + 8,
                y + CELL / 2 + 4,
                Markup.esc(v.rowNotes().get(i))));
      }
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"10\" y=\"%d\">cell: %s</text>%n",
            top + n * CELL + 22,
            Markup.esc(v.valueLabel())));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"10\" y=\"%d\">full colour at ±%s; grey: not compared</text>%n",
            top + n * CELL + 40,
            number(maxAbs)));
    s.append("</svg>\n");
    return s.toString();
  }

  /** t in [−1, 1] to white-through-red (t > 0) or white-through-blue (t < 0). */
  static String color(double t) {
    double a = Math.min(1, Math.abs(t));
    int[] end = t >= 0 ? new int[] {0xd9, 0x48, 0x0f} : new int[] {0x42, 0x63, 0xeb};
    int r = (int) Math.round(255 + a * (end[0] - 255));
    int g = (int) Math.round(255 + a * (end[1] - 255));
    int b = (int) Math.round(255 + a * (end[2] - 255));
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
  }

  private static String number(double v) {
    return Math.abs(v) >= 100
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.2f", v);
  }
}

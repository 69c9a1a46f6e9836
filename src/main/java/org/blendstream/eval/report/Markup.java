package org.blendstream.eval.report;

/**
 * Escaping for the SVG charts and the HTML report, which are both written as XML so that one strict
 * parser checks them. Model names and prompts come from users' files, so anything may be in them.
 */
public final class Markup {

  private Markup() {}

  /**
   * Text or attribute value: the five markup characters become references, and characters XML 1.0
   * cannot carry at all (controls other than tab and newlines, lone surrogates, U+FFFE/U+FFFF)
   * become U+FFFD, because a reference to them would be just as ill-formed.
   */
  public static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(++i));
          } else if (allowed(c)) {
            out.append(c);
          } else {
            out.append('\uFFFD');
          }
        }
      }
    }
    return out.toString();
  }

  /** At most {@code max} code points, with an ellipsis when cut: prompts can be pages long. */
  public static String shorten(String text, int max) {
    if (text == null) {
      return "";
    }
    String oneLine = text.strip().replaceAll("\\s+", " ");
    if (oneLine.codePointCount(0, oneLine.length()) <= max) {
      return oneLine;
    }
    return oneLine.substring(0, oneLine.offsetByCodePoints(0, max)) + "…";
  }

  /**
   * The opening of every chart: root element, white background, and the bold title (escaped here).
   */
  public static String svgStart(int width, int height, String title) {
    return String.format(
        java.util.Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
            + " font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\""
            + " height=\"100%%\" fill=\"white\"/>%n<text x=\"10\" y=\"20\" font-size=\"14\""
            + " font-weight=\"bold\">%s</text>%n",
        width,
        height,
        esc(title));
  }

  private static boolean allowed(char c) {
    if (Character.isSurrogate(c)) {
      return false;
    }
    return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
  }
}

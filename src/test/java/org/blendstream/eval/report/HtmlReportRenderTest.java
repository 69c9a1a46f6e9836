package org.blendstream.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.blendstream.IntegrationTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the report in a real browser, Debian's headless Chromium, and looks at the pixels: a page
 * that parses but draws nothing (an SVG in the wrong namespace, a CSS rule that hides it) passes
 * every XML check. Skipped, with the reason, where Chromium is not installed; {@code .ci/run}
 * installs it.
 */
@IntegrationTest
class HtmlReportRenderTest {

  private static final int WIDTH = 1200;
  private static final int HEIGHT = 2000;

  @TempDir Path tmp;

  @Test
  void reportRendersInHeadlessChromiumWithItsChartsVisible() throws Exception {
    Optional<Path> chromium = chromium();
    String skip =
        "chromium not found (looked for -Dblendstream.chromium, else chromium, chromium-browser on"
            + " PATH and /usr/bin/chromium): the report's browser render test is skipped; apt-get"
            + " install chromium, as .ci/run does, to run it";
    if (chromium.isEmpty()) {
      // Surefire keeps an assumption's message in its XML; the build log should say it too.
      System.err.println("HtmlReportRenderTest SKIPPED: " + skip);
    }
    Assumptions.assumeTrue(chromium.isPresent(), skip);
    Path html = tmp.resolve("report.html");
    Files.writeString(
        html,
        ReportFixture.withOtherSections(ReportFixture.single(new ReportRecorder(null))).render(),
        StandardCharsets.UTF_8);
    BufferedImage png = render(chromium.get(), html);
    assertEquals(WIDTH, png.getWidth());

    long nonWhite = 0;
    Set<Integer> colours = new HashSet<>();
    boolean rankerBar = false;
    boolean oracleBar = false;
    for (int y = 0; y < png.getHeight(); y++) {
      for (int x = 0; x < png.getWidth(); x++) {
        int rgb = png.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        if (rgb != 0xffffff) {
          nonWhite++;
        }
        rankerBar |= rgb == 0xd9480f;
        oracleBar |= rgb == 0x2b8a3e;
      }
    }
    double inked = (double) nonWhite / ((long) png.getWidth() * png.getHeight());
    assertTrue(inked > 0.02, "only " + inked + " of the page is not white");
    assertTrue(
        colours.size() > 50,
        "only " + colours.size() + " distinct colours: text and charts would give many");
    // Bars are filled rectangles of exactly these colours: seeing them means the inline SVG was
    // drawn.
    assertTrue(rankerBar, "no pixel of the ranker's bar colour #d9480f");
    assertTrue(oracleBar, "no pixel of the oracle's bar colour #2b8a3e");
  }

  private BufferedImage render(Path chromium, Path html) throws Exception {
    Path png = tmp.resolve("report.png");
    Path log = tmp.resolve("chromium.log");
    Process p =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + tmp.resolve("profile"),
                "--hide-scrollbars",
                "--screenshot=" + png,
                "--window-size=" + WIDTH + "," + HEIGHT,
                html.toUri().toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 120 s: " + Files.readString(log));
    }
    assertEquals(0, p.exitValue(), () -> "chromium failed: " + readQuietly(log));
    assertTrue(Files.size(png) > 0, "empty screenshot");
    BufferedImage image = ImageIO.read(png.toFile());
    assertTrue(image != null, "not a PNG ImageIO can decode");
    return image;
  }

  private static String readQuietly(Path log) {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * {@code -Dblendstream.chromium=PATH} picks the browser (a missing path skips the test, to check
   * the skip).
   */
  static Optional<Path> chromium() {
    String chosen = System.getProperty("blendstream.chromium");
    if (chosen != null) {
      return Optional.of(Path.of(chosen)).filter(Files::isExecutable);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(
            Stream.of(path.split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .flatMap(
                    d -> List.of(Path.of(d, "chromium"), Path.of(d, "chromium-browser")).stream()),
            Stream.of(Path.of("/usr/bin/chromium")))
        .filter(Files::isExecutable)
        .findFirst();
  }
}

package org.blendstream.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PairedBootstrapTest {

  @Test
  void constantDifferenceGivesAPointInterval() {
    double[] ci =
        new PairedBootstrap(500, 1)
            .interval(new double[] {0.5, 0.7, 0.2}, new double[] {0.4, 0.6, 0.1}, 0.95);
    assertEquals(0.1, ci[0], 1e-12);
    assertEquals(0.1, ci[1], 1e-12);
  }

  @Test
  void intervalContainsTheObservedMeanAndStaysWithinTheRangeOfDifferences() {
    double[] a = {1, 0, 1, 0, 1, 1, 0, 1, 0, 1};
    double[] b = new double[a.length];
    double[] ci = new PairedBootstrap(2000, 7).interval(a, b, 0.95);
    assertTrue(ci[0] <= 0.6 && 0.6 <= ci[1], "interval " + ci[0] + ".." + ci[1]);
    assertTrue(ci[0] >= 0 && ci[1] <= 1);
    assertTrue(ci[1] - ci[0] > 0.2, "ten noisy samples must give a wide interval");
  }

  @Test
  void sameSeedRepeatsTheInterval() {
    double[] a = {0.3, 0.9, 0.1, 0.5};
    double[] b = {0.2, 0.1, 0.4, 0.5};
    assertArrayEquals(
        new PairedBootstrap(1000, 3).interval(a, b, 0.95),
        new PairedBootstrap(1000, 3).interval(a, b, 0.95));
  }

  @Test
  void quantileInterpolatesBetweenOrderStatistics() {
    assertEquals(2.5, PairedBootstrap.quantile(new double[] {1, 2, 3, 4}, 0.5), 1e-12);
    assertEquals(1.75, PairedBootstrap.quantile(new double[] {1, 2, 3, 4}, 0.25), 1e-12);
  }
}

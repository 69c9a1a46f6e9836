package org.blendstream.eval;

import java.util.Arrays;
import java.util.Random;

/**
 * Percentile bootstrap of a mean of paired differences: instructions are resampled with
 * replacement, so both sides of each difference move together and the interval reflects only how
 * the two disagree.
 */
public final class PairedBootstrap {

  private final int resamples;
  private final long seed;

  public PairedBootstrap(int resamples, long seed) {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be at least 1");
    }
    this.resamples = resamples;
    this.seed = seed;
  }

  /** The central {@code level} interval of the mean of {@code a[k] − b[k]}, as {low, high}. */
  public double[] interval(double[] a, double[] b, double level) {
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException("need two non-empty paired samples of equal length");
    }
    int n = a.length;
    double[] diff = new double[n];
    for (int k = 0; k < n; k++) {
      diff[k] = a[k] - b[k];
    }
    Random random = new Random(seed);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      for (int k = 0; k < n; k++) {
        sum += diff[random.nextInt(n)];
      }
      means[r] = sum / n;
    }
    Arrays.sort(means);
    double tail = (1 - level) / 2;
    return new double[] {quantile(means, tail), quantile(means, 1 - tail)};
  }

  /** Linear interpolation between order statistics, as numpy's default. */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}

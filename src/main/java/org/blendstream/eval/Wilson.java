package org.blendstream.eval;

/**
 * Wilson score interval of a proportion: unlike the normal approximation it stays inside [0, 1] and
 * is sound for the few dozen pairs a scenario may have. A half success (a ranker that cannot
 * choose) counts as half.
 */
public final class Wilson {

  /** Two-sided 95%: the 0.975 quantile of the standard normal. */
  public static final double Z95 = 1.959963984540054;

  private Wilson() {}

  /**
   * {low, high} for {@code successes} out of {@code n}; {0, 1} when there is nothing to estimate
   * from.
   */
  public static double[] interval(double successes, int n, double z) {
    if (n == 0) {
      return new double[] {0, 1};
    }
    double p = successes / n;
    double z2 = z * z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }
}

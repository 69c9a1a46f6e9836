package org.blendstream.rank;

/**
 * The reference's default: {@code score_i = Σ_{j≠i} (M[i][j] − M[j][i]) / (N − 1)}, the mean margin
 * of i over every other candidate, counting both orders of each pair to cancel position bias.
 *
 * <p>Divisor: N−1, the number of opponents. The reference divides by N (its sum runs over the zero
 * diagonal too), which scales every score by (N−1)/N: the order is the same, but our scores are
 * comparable across set sizes. N=1 gives a score of 0.
 */
public final class MaxLogits extends FullMatrixAggregation {

  public static final String NAME = "maxlogits";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double[] scores(Double[][] m) {
    int n = m.length;
    double[] scores = new double[n];
    if (n < 2) {
      return scores;
    }
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int j = 0; j < n; j++) {
        if (j != i) {
          sum += m[i][j] - m[j][i];
        }
      }
      scores[i] = sum / (n - 1);
    }
    return scores;
  }
}

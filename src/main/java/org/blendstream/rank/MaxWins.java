package org.blendstream.rank;

/**
 * Counts wins in both seats: {@code wins_i = #{j: M[i][j] > 0} + #{j: M[j][i] < 0}}. A logit of
 * exactly 0 is a win for neither side. Scores are integers in [0, 2(N−1)]; ties are common and
 * share a rank.
 */
public final class MaxWins extends FullMatrixAggregation {

  public static final String NAME = "maxwins";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double[] scores(Double[][] m) {
    int n = m.length;
    double[] wins = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (j != i) {
          wins[i] += (m[i][j] > 0 ? 1 : 0) + (m[j][i] < 0 ? 1 : 0);
        }
      }
    }
    return wins;
  }
}

package org.blendstream.train;

import java.util.List;
import org.blendstream.model.PairRow;
import org.blendstream.model.builtin.BuiltinPairNet;

/**
 * The head's length weight fitted on length alone: a one-parameter logistic regression of the pair
 * labels on the difference of the two candidates' length features. Training starts from it, so the
 * encoder's layers spend their steps on what the length does not already say, instead of slowly
 * rediscovering length from a zero weight.
 */
final class LengthWeightFit {

  private LengthWeightFit() {}

  /**
   * Newton's method on the log-likelihood; it is concave in one parameter, so a few iterations
   * converge.
   */
  static float fit(List<PairRow> rows, float[] labels) {
    double[] x = new double[rows.size()];
    for (int k = 0; k < x.length; k++) {
      x[k] =
          BuiltinPairNet.lengthFeature(rows.get(k).firstTokens())
              - BuiltinPairNet.lengthFeature(rows.get(k).secondTokens());
    }
    double w = 0;
    for (int iteration = 0; iteration < 25; iteration++) {
      double gradient = 0;
      double curvature = 1e-6;
      for (int k = 0; k < x.length; k++) {
        double p = 1 / (1 + Math.exp(-w * x[k]));
        gradient += (labels[k] - p) * x[k];
        curvature += p * (1 - p) * x[k] * x[k];
      }
      double step = gradient / curvature;
      w += step;
      if (Math.abs(step) < 1e-6) {
        break;
      }
    }
    return (float) w;
  }
}

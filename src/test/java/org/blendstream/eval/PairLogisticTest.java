package org.blendstream.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairLogisticTest {

  /** Pairs drawn from a known logistic model, given winner-first as the fit expects. */
  private static List<double[]> sample(double[] truth, int n, long seed) {
    Random random = new Random(seed);
    List<double[]> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      double[] x = new double[truth.length];
      double z = 0;
      for (int a = 0; a < x.length; a++) {
        x[a] = random.nextGaussian();
        z += truth[a] * x[a];
      }
      boolean firstWins = random.nextDouble() < PairLogistic.sigmoid(z);
      if (!firstWins) {
        for (int a = 0; a < x.length; a++) {
          x[a] = -x[a];
        }
      }
      out.add(x);
    }
    return out;
  }

  @Test
  void recoversTheWeightsOfAKnownLogisticModel() {
    double[] truth = {1.5, -0.5, 0.0};
    double[] w = new PairLogistic(1e-6, 50).fit(sample(truth, 40_000, 1));
    for (int a = 0; a < truth.length; a++) {
      assertEquals(truth[a], w[a], 0.06, "weight " + a);
    }
  }

  @Test
  void theL2TermShrinksWeightsTowardZero() {
    List<double[]> pairs = sample(new double[] {2.0}, 200, 2);
    double free = new PairLogistic(1e-6, 50).fit(pairs)[0];
    double shrunk = new PairLogistic(200, 50).fit(pairs)[0];
    assertTrue(shrunk > 0 && shrunk < free / 2, "free " + free + " shrunk " + shrunk);
  }

  @Test
  void refusesToFitWithoutAnyJudgedPair() {
    assertThrows(IllegalArgumentException.class, () -> new PairLogistic(1, 10).fit(List.of()));
  }
}

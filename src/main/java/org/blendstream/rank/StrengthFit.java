package org.blendstream.rank;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Model strengths from judged comparisons, the arithmetic that the offline fit ({@code
 * eval/PriorFit}) and the stream's {@link OnlineStrengths} share, so that a strength learned from
 * feedback means what a fitted one means.
 *
 * <ul>
 *   <li>{@code bradley-terry}: within each instruction, every pair of models whose wins differ by
 *       at least {@code margin} is one comparison won by the higher. Strengths {@code s} maximise
 *       {@code Σ log σ(s_winner − s_loser) − l2/2 · Σ s²} (Newton's method; the penalty makes the
 *       problem strictly concave, so the optimum is unique, and keeps a model with few comparisons
 *       near 0).
 *   <li>{@code mean}: the model's mean win, shrunk toward the mean of all wins by {@code l2}
 *       pseudo-observations, in logit space relative to that mean.
 * </ul>
 */
public final class StrengthFit {

  public static final String BRADLEY_TERRY = "bradley-terry";
  public static final String MEAN = "mean";
  public static final double DEFAULT_MARGIN = 0.1;

  /**
   * A Gaussian prior of sd 1 on the log-odds strengths: a model judged a few dozen times stays near
   * 0.
   */
  public static final double DEFAULT_L2_BRADLEY_TERRY = 1.0;

  /** Ten pseudo-observations at the overall mean win. */
  public static final double DEFAULT_L2_MEAN = 10.0;

  public static final int MAX_ITERATIONS = 100;
  public static final double TOLERANCE = 1e-10;

  /** Wins are clipped to [ε, 1 − ε] before a logit. */
  static final double EPSILON = 1e-4;

  /**
   * @param l2 regularisation strength; null means the method's default
   */
  public record Options(String method, double margin, Double l2) {
    public Options {
      if (!BRADLEY_TERRY.equals(method) && !MEAN.equals(method)) {
        throw new IllegalArgumentException(
            "prior method must be " + BRADLEY_TERRY + " or " + MEAN + ", not '" + method + "'");
      }
      if (!(margin >= 0)) {
        throw new IllegalArgumentException("margin must be >= 0, not " + margin);
      }
      if (l2 != null && !(l2 > 0)) {
        throw new IllegalArgumentException("l2 must be > 0, not " + l2);
      }
    }

    public static Options defaults() {
      return new Options(BRADLEY_TERRY, DEFAULT_MARGIN, null);
    }

    public double l2OrDefault() {
      return l2 != null
          ? l2
          : BRADLEY_TERRY.equals(method) ? DEFAULT_L2_BRADLEY_TERRY : DEFAULT_L2_MEAN;
    }
  }

  private StrengthFit() {}

  /** One judged comparison: {@code winner} beat {@code loser}. */
  public record Comparison(String winner, String loser) {}

  /**
   * The comparisons in one instruction's (or feedback record's) outcomes: every pair of models
   * whose outcomes differ by at least {@code margin}, won by the higher; closer pairs say nothing.
   * Missing and NaN outcomes are skipped.
   */
  public static List<Comparison> comparisons(Map<String, Double> outcomes, double margin) {
    List<Map.Entry<String, Double>> judged =
        outcomes.entrySet().stream()
            .filter(e -> e.getValue() != null && !e.getValue().isNaN())
            .toList();
    List<Comparison> out = new ArrayList<>();
    for (int a = 0; a < judged.size(); a++) {
      for (int b = a + 1; b < judged.size(); b++) {
        double wa = judged.get(a).getValue();
        double wb = judged.get(b).getValue();
        if (Math.abs(wa - wb) >= margin && wa != wb) {
          out.add(
              wa > wb
                  ? new Comparison(judged.get(a).getKey(), judged.get(b).getKey())
                  : new Comparison(judged.get(b).getKey(), judged.get(a).getKey()));
        }
      }
    }
    return out;
  }

  /**
   * The Bradley–Terry strengths that maximise {@code Σ beat[i][j] log σ(s_i − s_j) − l2/2 · Σ (s_i
   * − centre_i)²}, by Newton's method from {@code start}, for at most {@code maxIterations} steps.
   * {@code beat} may hold fractional (weighted, decayed) counts; {@code centre} null means 0 for
   * every model. The offline fit runs it to convergence, {@link OnlineStrengths} a few steps from
   * the last solution after each feedback record.
   */
  public static double[] bradleyTerry(
      double[][] beat, double l2, double[] centre, double[] start, int maxIterations) {
    int m = start.length;
    double[] s = start.clone();
    for (int iteration = 0; iteration < maxIterations; iteration++) {
      double[] gradient = new double[m];
      double[][] curvature = new double[m][m];
      for (int i = 0; i < m; i++) {
        gradient[i] = -l2 * (s[i] - (centre == null ? 0 : centre[i]));
        curvature[i][i] = l2;
        for (int j = 0; j < m; j++) {
          double n = beat[i][j] + beat[j][i];
          if (i == j || n == 0) {
            continue;
          }
          double p = sigmoid(s[i] - s[j]);
          gradient[i] += beat[i][j] - n * p;
          double h = n * p * (1 - p);
          curvature[i][i] += h;
          curvature[i][j] -= h;
        }
      }
      double[] step = solveSymmetricPositive(curvature, gradient);
      double largest = 0;
      for (int i = 0; i < m; i++) {
        s[i] += step[i];
        largest = Math.max(largest, Math.abs(step[i]));
      }
      if (largest < TOLERANCE) {
        break;
      }
    }
    return s;
  }

  /**
   * A model's mean outcome as a Beta posterior: {@code wins} out of {@code n} (fractional counts
   * allowed) plus {@code pseudoCount} pseudo-observations at {@code σ(logit(overall) + centre)}, in
   * logit space relative to the overall mean. With centre 0 the pseudo-observations sit at the
   * overall mean.
   */
  public static double shrunkStrength(
      double wins, double n, double overall, double pseudoCount, double centre) {
    double anchor = centre == 0 ? overall : sigmoid(logit(overall) + centre);
    double shrunk = (wins + pseudoCount * anchor) / (n + pseudoCount);
    return logit(shrunk) - logit(overall);
  }

  /**
   * Solves {@code A x = b} for a symmetric positive definite {@code A} by Cholesky, {@code A = L
   * Lᵀ}.
   */
  public static double[] solveSymmetricPositive(double[][] a, double[] b) {
    int n = b.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = a[i][j];
        for (int k = 0; k < j; k++) {
          sum -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (sum <= 0) {
            throw new IllegalStateException("the prior's curvature is not positive definite");
          }
          l[i][i] = Math.sqrt(sum);
        } else {
          l[i][j] = sum / l[j][j];
        }
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = b[i];
      for (int k = 0; k < i; k++) {
        sum -= l[i][k] * y[k];
      }
      y[i] = sum / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double sum = y[i];
      for (int k = i + 1; k < n; k++) {
        sum -= l[k][i] * x[k];
      }
      x[i] = sum / l[i][i];
    }
    return x;
  }

  /** Shifts the strengths so that their mean over models is 0. */
  public static void centre(double[] s) {
    double mean = java.util.Arrays.stream(s).average().orElse(0);
    for (int i = 0; i < s.length; i++) {
      s[i] -= mean;
    }
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static double logit(double p) {
    double q = Math.min(1 - EPSILON, Math.max(EPSILON, p));
    return Math.log(q / (1 - q));
  }
}

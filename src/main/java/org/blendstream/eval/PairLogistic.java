package org.blendstream.eval;

import java.util.List;

/**
 * L2-regularised logistic regression without intercept, fitted by Newton's method: P(i beats j) =
 * σ(w·(f_i − f_j)). No intercept, because which of two candidates is named first carries no
 * information. The features are few (a handful of signals), so the Hessian is solved directly.
 */
public final class PairLogistic {

  private final double l2;
  private final int iterations;

  public PairLogistic(double l2, int iterations) {
    this.l2 = l2;
    this.iterations = iterations;
  }

  /**
   * {@code differences} are f_winner − f_loser; each also enters mirrored with label 0, so the fit
   * is symmetric.
   */
  public double[] fit(List<double[]> differences) {
    if (differences.isEmpty()) {
      throw new IllegalArgumentException(
          "no judged pair to fit on: no two candidates' wins differ by the margin");
    }
    int d = differences.get(0).length;
    double[] w = new double[d];
    for (int it = 0; it < iterations; it++) {
      double[] grad = new double[d];
      double[][] hess = new double[d][d];
      for (double[] x : differences) {
        double p = sigmoid(dot(w, x));
        // The mirrored row (−x, label 0) has the same gradient and Hessian as (x, label 1), so
        // count it twice.
        double g = 2 * (1 - p);
        double h = 2 * p * (1 - p);
        for (int a = 0; a < d; a++) {
          grad[a] += g * x[a];
          for (int b = 0; b < d; b++) {
            hess[a][b] += h * x[a] * x[b];
          }
        }
      }
      for (int a = 0; a < d; a++) {
        grad[a] -= l2 * w[a];
        hess[a][a] += l2;
      }
      double[] step = solve(hess, grad);
      double change = 0;
      for (int a = 0; a < d; a++) {
        w[a] += step[a];
        change = Math.max(change, Math.abs(step[a]));
      }
      if (change < 1e-9) {
        break;
      }
    }
    return w;
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /**
   * Gaussian elimination with partial pivoting; the matrix is positive definite thanks to the L2
   * term.
   */
  static double[] solve(double[][] m, double[] v) {
    int n = v.length;
    double[][] a = new double[n][];
    double[] b = v.clone();
    for (int i = 0; i < n; i++) {
      a[i] = m[i].clone();
    }
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
          p = r;
        }
      }
      double[] tr = a[c];
      a[c] = a[p];
      a[p] = tr;
      double tb = b[c];
      b[c] = b[p];
      b[p] = tb;
      for (int r = c + 1; r < n; r++) {
        double f = a[r][c] / a[c][c];
        for (int k = c; k < n; k++) {
          a[r][k] -= f * a[c][k];
        }
        b[r] -= f * b[c];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = b[r];
      for (int k = r + 1; k < n; k++) {
        s -= a[r][k] * x[k];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }
}

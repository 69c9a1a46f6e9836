package org.blendstream.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How well one instruction's ranking agrees with the oracle ordering by {@code win}. Pure functions
 * over arrays: {@code rank[i]} is candidate i's 1-based position in the ranker's order (1 = best),
 * {@code win[i]} its judge score. Candidates the ranker tied may share a rank (as {@code
 * Ranking.ranks()} gives them, the better position); Spearman and the footrule give ties on either
 * side the average of the positions they span, as scipy's {@code rankdata} does.
 */
public final class RankAgreement {

  /**
   * Pairs whose wins differ by less than this are too close for the judge's label to be trusted.
   */
  public static final double PAIR_MARGIN = 0.1;

  private RankAgreement() {}

  /**
   * Pearson correlation between the ranker's preference (−rank) and the raw win values; 0 when
   * either side is constant, because then there is no ordering to agree with.
   */
  public static double pearson(int[] rank, double[] win) {
    double[] preference = new double[rank.length];
    for (int i = 0; i < rank.length; i++) {
      preference[i] = -rank[i];
    }
    return correlation(preference, win);
  }

  /**
   * Spearman's rho: Pearson on ranks, with tied wins and tied ranker positions given their average
   * rank.
   */
  public static double spearman(int[] rank, double[] win) {
    return correlation(averageRanks(rank), averageRanksDescending(win));
  }

  /**
   * Spearman's footrule, normalized to [0, 1]: Σ|rank − oracle rank| divided by its maximum over
   * permutations, ⌊n²/2⌋. 0 is the oracle's order, 1 is the reversed order; lower is better. Ties
   * on either side take average ranks; the bound still holds, since an average-rank vector is a
   * mean of permutations and the sum is convex.
   */
  public static double footrule(int[] rank, double[] win) {
    int n = rank.length;
    if (n < 2) {
      return 0.0;
    }
    double[] ranker = averageRanks(rank);
    double[] oracle = averageRanksDescending(win);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.abs(ranker[i] - oracle[i]);
    }
    return sum / Math.floor(n * n / 2.0);
  }

  /**
   * Ordered-correctly count over the pairs whose wins differ by at least {@link #PAIR_MARGIN}:
   * element 0 is the number ordered correctly (a tie in the ranker counts half), element 1 the
   * number of such pairs.
   */
  public static double[] pairAgreement(int[] rank, double[] win) {
    double correct = 0;
    int pairs = 0;
    for (int i = 0; i < win.length; i++) {
      for (int j = i + 1; j < win.length; j++) {
        if (Math.abs(win[i] - win[j]) < PAIR_MARGIN) {
          continue;
        }
        pairs++;
        int better = win[i] > win[j] ? i : j;
        int worse = better == i ? j : i;
        if (rank[better] < rank[worse]) {
          correct += 1;
        } else if (rank[better] == rank[worse]) {
          correct += 0.5;
        }
      }
    }
    return new double[] {correct, pairs};
  }

  /**
   * The ranker's positions with every group of tied candidates moved to the mean of the positions
   * it spans.
   */
  static double[] averageRanks(int[] rank) {
    double[] preference = new double[rank.length];
    for (int i = 0; i < rank.length; i++) {
      preference[i] = -rank[i];
    }
    return averageRanksDescending(preference);
  }

  /** 1-based ranks by descending value, ties sharing the mean of the positions they span. */
  static double[] averageRanksDescending(double[] values) {
    int n = values.length;
    Integer[] idx = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> -values[i]));
    double[] ranks = new double[n];
    int pos = 0;
    while (pos < n) {
      int end = pos;
      while (end + 1 < n && values[idx[end + 1]] == values[idx[pos]]) {
        end++;
      }
      double mean = (pos + end) / 2.0 + 1;
      for (int k = pos; k <= end; k++) {
        ranks[idx[k]] = mean;
      }
      pos = end + 1;
    }
    return ranks;
  }

  static double correlation(double[] x, double[] y) {
    int n = x.length;
    double mx = Arrays.stream(x).average().orElse(0);
    double my = Arrays.stream(y).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxx == 0 || syy == 0 ? 0.0 : sxy / Math.sqrt(sxx * syy);
  }
}

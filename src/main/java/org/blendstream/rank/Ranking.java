package org.blendstream.rank;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The result of ranking one set: models in matrix order, the N×N matrix ({@code null} where a pair
 * was not compared, diagonal 0), one score per model, and the order best-first.
 *
 * @param fullRanking false when only the best candidate is known (bubble); the order is then
 *     partial
 * @param aggregation how the matrix became scores, or null for rankers without a matrix
 */
public record Ranking(
    List<String> models,
    Double[][] matrix,
    double[] scores,
    int[] order,
    boolean fullRanking,
    String aggregation) {

  /**
   * A ranking whose order is the scores sorted descending; ties keep matrix order, so results
   * repeat.
   */
  public static Ranking byScores(
      List<String> models,
      Double[][] matrix,
      double[] scores,
      boolean fullRanking,
      String aggregation) {
    int[] order =
        IntStream.range(0, scores.length)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i))
            .mapToInt(Integer::intValue)
            .toArray();
    return new Ranking(models, matrix, scores, order, fullRanking, aggregation);
  }

  /** An N×N matrix with a zero diagonal and every other pair unscored. */
  public static Double[][] emptyMatrix(int n) {
    Double[][] m = new Double[n][n];
    for (int i = 0; i < n; i++) {
      m[i][i] = 0.0;
    }
    return m;
  }

  public int best() {
    return order[0];
  }

  /**
   * 1 + position in the descending order; equal scores share the better rank, as the reference
   * does.
   */
  public int[] ranks() {
    int[] ranks = new int[order.length];
    for (int pos = 0; pos < order.length; pos++) {
      int i = order[pos];
      boolean tiesPrevious = pos > 0 && scores[order[pos - 1]] == scores[i];
      ranks[i] = tiesPrevious ? ranks[order[pos - 1]] : pos + 1;
    }
    return ranks;
  }

  /** Off-diagonal cells filled: the pair evaluations the ranker paid for (0 for the baselines). */
  public long comparedPairs() {
    long count = 0;
    for (int i = 0; i < matrix.length; i++) {
      for (int j = 0; j < matrix.length; j++) {
        if (i != j && matrix[i][j] != null) {
          count++;
        }
      }
    }
    return count;
  }

  /** The matrix row-major, as stored in the RankingMatrix record. */
  public List<Double> flatMatrix() {
    return Arrays.stream(matrix).flatMap(Arrays::stream).toList();
  }
}

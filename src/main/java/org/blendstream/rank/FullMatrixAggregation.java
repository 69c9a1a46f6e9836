package org.blendstream.rank;

import java.util.ArrayList;
import java.util.List;

/**
 * Aggregations that read the full matrix: every ordered pair i≠j is scored, N(N−1) pair
 * evaluations, and the scores are then a pure function of that matrix.
 */
public abstract class FullMatrixAggregation implements Aggregation {

  /**
   * Scores per candidate from a full matrix (M[i][j]: logit with i first; diagonal 0). Higher is
   * better.
   */
  public abstract double[] scores(Double[][] matrix);

  @Override
  public Ranking rank(List<String> models, PairScorer.PreparedSet set, String requestId) {
    int n = models.size();
    List<CandidatePair> pairs = new ArrayList<>(n * (n - 1));
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          pairs.add(new CandidatePair(i, j));
        }
      }
    }
    Double[][] matrix = Ranking.emptyMatrix(n);
    if (!pairs.isEmpty()) {
      double[] logits = set.logits(pairs);
      for (int k = 0; k < pairs.size(); k++) {
        matrix[pairs.get(k).first()][pairs.get(k).second()] = logits[k];
      }
    }
    return rankMatrix(models, matrix);
  }

  /** The ranking a given full matrix yields; no model involved. */
  public Ranking rankMatrix(List<String> models, Double[][] matrix) {
    return Ranking.byScores(models, matrix, scores(matrix), true, name());
  }
}

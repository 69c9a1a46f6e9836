package org.blendstream.rank;

import java.util.List;
import java.util.Random;

/**
 * One bubble pass over a permutation: keep a current best, compare it with the next candidate in
 * both orders ({@code s = M[cur][next] − M[next][cur]}), keep it when s &gt; 0, otherwise the
 * challenger takes over (ties go to the challenger, as in the reference). N−1 steps, 2(N−1) pair
 * evaluations.
 *
 * <p>The starting permutation is shuffled with a seed taken from the request id, so the same
 * request gets the same result (the reference shuffles unseeded). Only the best candidate is
 * determined: the ranking is marked not full, and pairs that were never compared stay null in the
 * matrix. Scores say when a candidate was knocked out: 0 for the loser of the first step, k−1 for
 * the loser of step k, N−1 for the winner; so the order is "best, then by how long each survived",
 * a partial order, not a ranking.
 */
public final class Bubble implements Aggregation {

  public static final String NAME = "bubble";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Ranking rank(List<String> models, PairScorer.PreparedSet set, String requestId) {
    return run(
        models,
        permutation(models.size(), SeededRandom.forRequest(String.valueOf(requestId), NAME)),
        set);
  }

  /** The pass over a given permutation; exposed so tests can fix the walk order. */
  public Ranking run(List<String> models, int[] permutation, PairScorer.PreparedSet set) {
    int n = models.size();
    Double[][] matrix = Ranking.emptyMatrix(n);
    double[] scores = new double[n];
    int best = permutation.length == 0 ? -1 : permutation[0];
    for (int step = 1; step < n; step++) {
      int next = permutation[step];
      // Both orders in one batch: PairRanker has a position bias, the difference cancels it.
      double[] logits =
          set.logits(List.of(new CandidatePair(best, next), new CandidatePair(next, best)));
      matrix[best][next] = logits[0];
      matrix[next][best] = logits[1];
      int loser = logits[0] - logits[1] > 0 ? next : best;
      best = loser == best ? next : best;
      scores[loser] = step - 1;
    }
    if (best >= 0) {
      scores[best] = n - 1;
    }
    return Ranking.byScores(models, matrix, scores, false, NAME);
  }

  /**
   * Fisher–Yates with java.util.Random, whose sequence for a seed is specified and therefore
   * repeatable.
   */
  static int[] permutation(int n, Random random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int k = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[k];
      p[k] = t;
    }
    return p;
  }
}

package org.blendstream.rank;

import java.util.ArrayList;
import java.util.List;

/**
 * A single-elimination bracket over the K candidates a pre-ranking put first: seed 1 meets seed K,
 * 2 meets K−1, and so on (the middle seed of an odd round waits), both orders of every match in one
 * batch, so a round's calls go out together. 2(K−1) pair evaluations in ⌈log2 K⌉ rounds, whatever
 * N. A tie goes to the better seed: the pre-ranking breaks what the judge cannot.
 *
 * <p>Only the winner is determined. Scores say how many rounds a candidate won; candidates outside
 * the top K come after, in the pre-ranking's order.
 */
final class Knockout implements Aggregation {

  static final String NAME = "knockout";

  private final int[] seeds;
  private final int k;

  /**
   * @param seeds candidate indices, best first (an ensemble's order)
   */
  Knockout(int[] seeds, int k) {
    this.seeds = seeds.clone();
    this.k = k;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Pair evaluations for a set of n: both orders of each of the bracket's K−1 matches. */
  static int calls(int n, int k) {
    return 2 * (Math.min(n, k) - 1);
  }

  @Override
  public Ranking rank(List<String> models, PairScorer.PreparedSet set, String requestId) {
    int n = models.size();
    int top = Math.min(k, n);
    Double[][] matrix = Ranking.emptyMatrix(n);
    double[] scores = new double[n];
    for (int pos = top; pos < n; pos++) {
      scores[seeds[pos]] = -1 - (pos - top);
    }
    List<Integer> alive = new ArrayList<>();
    for (int pos = 0; pos < top; pos++) {
      alive.add(seeds[pos]);
    }
    int round = 0;
    while (alive.size() > 1) {
      int matches = alive.size() / 2;
      List<CandidatePair> pairs = new ArrayList<>(2 * matches);
      for (int m = 0; m < matches; m++) {
        int better = alive.get(m);
        int worse = alive.get(alive.size() - 1 - m);
        pairs.add(new CandidatePair(better, worse));
        pairs.add(new CandidatePair(worse, better));
      }
      double[] v = set.logits(pairs);
      boolean[] lost = new boolean[n];
      for (int m = 0; m < matches; m++) {
        int better = pairs.get(2 * m).first();
        int worse = pairs.get(2 * m).second();
        matrix[better][worse] = v[2 * m];
        matrix[worse][better] = v[2 * m + 1];
        int loser = v[2 * m] - v[2 * m + 1] < 0 ? better : worse;
        scores[loser] = round;
        lost[loser] = true;
      }
      List<Integer> next = new ArrayList<>();
      for (int c : alive) {
        if (!lost[c]) {
          next.add(c);
        }
      }
      alive = next;
      round++;
    }
    scores[alive.get(0)] = round;
    return Ranking.byScores(models, matrix, scores, false, NAME);
  }
}

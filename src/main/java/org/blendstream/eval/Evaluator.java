package org.blendstream.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.blendstream.rank.LongestRanker;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Ranking;

/**
 * Ranks every set with one ranker and scores the choices against the judge: win rate, the baselines
 * on the same sets, agreement with the oracle order, and a paired bootstrap interval against the
 * best single model.
 */
public final class Evaluator {

  /** Fixed so that the same ranking always reports the same interval. */
  public static final long BOOTSTRAP_SEED = 20240601L;

  public static final int BOOTSTRAP_RESAMPLES = 10_000;

  private final List<String> pool;

  public Evaluator(List<String> pool) {
    this.pool = List.copyOf(pool);
  }

  /** {@code afterEachSet} is called once per ranked set, for a progress line. */
  public EvalReport evaluate(
      List<PoolSet> sets,
      Ranker ranker,
      String rankerName,
      String aggregation,
      Runnable afterEachSet) {
    return evaluate(sets, ranker, rankerName, aggregation, (s, r) -> afterEachSet.run());
  }

  /**
   * As above, handing each set's ranking on (to the text metrics, say) before the progress step.
   */
  public EvalReport evaluate(
      List<PoolSet> sets,
      Ranker ranker,
      String rankerName,
      String aggregation,
      BiConsumer<PoolSet, Ranking> afterEachSet) {
    if (sets.isEmpty()) {
      throw new IllegalArgumentException(
          "no instruction has a candidate from every pool model " + pool);
    }
    long started = System.nanoTime();
    List<int[]> ranks = new ArrayList<>(sets.size());
    double[] chosen = new double[sets.size()];
    long pairsScored = 0;
    for (int k = 0; k < sets.size(); k++) {
      PoolSet s = sets.get(k);
      Ranking r = ranker.rank(s.set());
      ranks.add(r.ranks());
      chosen[k] = s.wins()[r.best()];
      pairsScored += r.comparedPairs();
      afterEachSet.accept(s, r);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return report(sets, ranks, chosen, rankerName, aggregation, pairsScored, seconds);
  }

  EvalReport report(
      List<PoolSet> sets,
      List<int[]> ranks,
      double[] chosen,
      String rankerName,
      String aggregation,
      long pairsScored,
      double seconds) {
    int n = sets.size();
    Map<String, Double> singles = new LinkedHashMap<>();
    String bestModel = null;
    double bestRate = Double.NEGATIVE_INFINITY;
    for (int m = 0; m < pool.size(); m++) {
      double rate = 0;
      for (PoolSet s : sets) {
        rate += s.wins()[m];
      }
      rate = 100 * rate / n;
      singles.put(pool.get(m), rate);
      if (rate > bestRate) {
        bestRate = rate;
        bestModel = pool.get(m);
      }
    }
    int best = pool.indexOf(bestModel);
    double[] bestWins = sets.stream().mapToDouble(s -> s.wins()[best]).toArray();

    double pearson = 0;
    double spearman = 0;
    double footrule = 0;
    double correct = 0;
    double pairs = 0;
    for (int k = 0; k < n; k++) {
      double[] w = sets.get(k).wins();
      int[] rk = ranks.get(k);
      pearson += RankAgreement.pearson(rk, w);
      spearman += RankAgreement.spearman(rk, w);
      footrule += RankAgreement.footrule(rk, w);
      double[] agree = RankAgreement.pairAgreement(rk, w);
      correct += agree[0];
      pairs += agree[1];
    }
    double[] ci =
        new PairedBootstrap(BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED).interval(chosen, bestWins, 0.95);
    return new EvalReport(
        n,
        rankerName,
        aggregation,
        pool,
        100 * mean(chosen),
        new EvalReport.BestSingle(bestModel, bestRate),
        randomExpectation(sets),
        longest(sets),
        oracle(sets),
        pearson / n,
        spearman / n,
        footrule / n,
        pairs == 0 ? null : 100 * correct / pairs,
        new double[] {100 * ci[0], 100 * ci[1]},
        pairsScored,
        seconds,
        singles);
  }

  /**
   * The random baseline's expected value, not one draw: the mean win over each set's candidates.
   */
  static double randomExpectation(List<PoolSet> sets) {
    return 100 * sets.stream().mapToDouble(s -> mean(s.wins())).average().orElse(0);
  }

  static double oracle(List<PoolSet> sets) {
    return 100 * sets.stream().mapToDouble(s -> max(s.wins())).average().orElse(0);
  }

  static double longest(List<PoolSet> sets) {
    try (LongestRanker longest = new LongestRanker()) {
      return 100
          * sets.stream()
              .mapToDouble(s -> s.wins()[longest.rank(s.set()).best()])
              .average()
              .orElse(0);
    }
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      m = Math.max(m, x);
    }
    return m;
  }
}

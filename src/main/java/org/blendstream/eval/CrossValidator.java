package org.blendstream.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Ranking;

/**
 * K-fold cross-validation over instructions. Every strategy is fit on the training folds' judged
 * history only and scored on the held fold; so is the best single model, which is the one a user
 * with that history would always pick. Nothing is chosen on the held fold.
 */
public final class CrossValidator {

  private final List<String> pool;
  private final Folds folds;
  private final int heldPerFold;

  /**
   * {@code heldPerFold} > 0 scores only the first that many held sets of each fold, in file order,
   * for strategies too slow for all of them; every strategy of a run then sees the same sets, so
   * rows stay paired.
   */
  public CrossValidator(List<String> pool, Folds folds, int heldPerFold) {
    this.pool = List.copyOf(pool);
    this.folds = folds;
    this.heldPerFold = heldPerFold;
  }

  /** One held set as a strategy saw it: enough to compare two rankers pair by pair. */
  @JsonPropertyOrder({
    "strategy",
    "fold",
    "id",
    "chosen",
    "chosen_win",
    "best_single",
    "best_single_win",
    "scores",
    "wins"
  })
  public record SetOutcome(
      @JsonProperty("strategy") String strategy,
      @JsonProperty("fold") int fold,
      @JsonProperty("id") String id,
      @JsonProperty("chosen") String chosen,
      @JsonProperty("chosen_win") double chosenWin,
      @JsonProperty("best_single") String bestSingle,
      @JsonProperty("best_single_win") double bestSingleWin,
      @JsonProperty("scores") Map<String, Double> scores,
      @JsonProperty("wins") Map<String, Double> wins) {}

  /**
   * {@code items} are all judged instructions (every model's candidates, the history a prior learns
   * from); only those with a candidate from every pool model are scored. {@code afterEachSet}
   * drives a progress line.
   */
  public CvReport run(
      List<JudgedDataset.Item> items,
      List<String> dataNames,
      List<FoldStrategy> strategies,
      Consumer<SetOutcome> details,
      Runnable afterEachSet) {
    List<CvReport.FoldBaseline> baselines = new ArrayList<>();
    Map<String, List<CvReport.Fold>> perStrategy = new LinkedHashMap<>();
    Map<String, List<double[]>> chosenVsBest = new LinkedHashMap<>();
    strategies.forEach(
        s -> {
          perStrategy.put(s.name(), new ArrayList<>());
          chosenVsBest.put(s.name(), new ArrayList<>());
        });
    int nSets = 0;
    for (int f = 0; f < folds.k(); f++) {
      List<JudgedDataset.Item> history = folds.training(items, JudgedDataset.Item::id, f);
      List<PoolSet> held = PoolSet.complete(folds.held(items, JudgedDataset.Item::id, f), pool);
      if (heldPerFold > 0 && held.size() > heldPerFold) {
        held = held.subList(0, heldPerFold);
      }
      if (held.isEmpty()) {
        throw new IllegalArgumentException(
            "fold " + f + " holds no instruction with a candidate from every pool model");
      }
      nSets += held.size();
      int best = bestSingle(PoolSet.complete(history, pool));
      baselines.add(
          new CvReport.FoldBaseline(
              f,
              held.size(),
              pool.get(best),
              100 * meanWin(held, best),
              Evaluator.randomExpectation(held),
              Evaluator.oracle(held)));
      for (FoldStrategy strategy : strategies) {
        perStrategy
            .get(strategy.name())
            .add(
                heldFold(
                    strategy,
                    f,
                    history,
                    held,
                    best,
                    details,
                    chosenVsBest.get(strategy.name()),
                    afterEachSet));
      }
    }
    List<CvReport.Strategy> out = new ArrayList<>();
    for (FoldStrategy s : strategies) {
      out.add(summary(s, perStrategy.get(s.name()), chosenVsBest.get(s.name())));
    }
    return new CvReport(folds.k(), folds.seed(), pool, dataNames, nSets, baselines, out);
  }

  private CvReport.Fold heldFold(
      FoldStrategy strategy,
      int fold,
      List<JudgedDataset.Item> history,
      List<PoolSet> held,
      int best,
      Consumer<SetOutcome> details,
      List<double[]> chosenVsBest,
      Runnable afterEachSet) {
    long started = System.nanoTime();
    double chosen = 0;
    double spearman = 0;
    double correct = 0;
    double pairs = 0;
    long scored = 0;
    try (Ranker ranker = strategy.fit(history)) {
      for (PoolSet s : held) {
        Ranking r = ranker.rank(s.set());
        double win = s.wins()[r.best()];
        chosen += win;
        chosenVsBest.add(new double[] {win, s.wins()[best]});
        int[] ranks = r.ranks();
        spearman += RankAgreement.spearman(ranks, s.wins());
        double[] agree = RankAgreement.pairAgreement(ranks, s.wins());
        correct += agree[0];
        pairs += agree[1];
        scored += r.comparedPairs();
        details.accept(outcome(strategy.name(), fold, s, r, best));
        afterEachSet.run();
      }
    }
    int n = held.size();
    double winRate = 100 * chosen / n;
    return new CvReport.Fold(
        fold,
        n,
        winRate,
        pairs == 0 ? null : 100 * correct / pairs,
        spearman / n,
        winRate - 100 * meanWin(held, best),
        scored,
        (System.nanoTime() - started) / 1e9);
  }

  private SetOutcome outcome(String strategy, int fold, PoolSet s, Ranking r, int best) {
    Map<String, Double> scores = new LinkedHashMap<>();
    Map<String, Double> wins = new LinkedHashMap<>();
    for (int i = 0; i < pool.size(); i++) {
      scores.put(pool.get(i), r.scores()[i]);
      wins.put(pool.get(i), s.wins()[i]);
    }
    return new SetOutcome(
        strategy,
        fold,
        s.id(),
        pool.get(r.best()),
        s.wins()[r.best()],
        pool.get(best),
        s.wins()[best],
        scores,
        wins);
  }

  private static CvReport.Strategy summary(
      FoldStrategy s, List<CvReport.Fold> folds, List<double[]> chosenVsBest) {
    double[] a = chosenVsBest.stream().mapToDouble(p -> p[0]).toArray();
    double[] b = chosenVsBest.stream().mapToDouble(p -> p[1]).toArray();
    double[] ci =
        new PairedBootstrap(Evaluator.BOOTSTRAP_RESAMPLES, Evaluator.BOOTSTRAP_SEED)
            .interval(a, b, 0.95);
    boolean accuracyKnown = folds.stream().allMatch(f -> f.pairAccuracy() != null);
    return new CvReport.Strategy(
        s.name(),
        s.note(),
        CvReport.Spread.of(folds.stream().mapToDouble(CvReport.Fold::winRate).toArray()),
        accuracyKnown
            ? CvReport.Spread.of(folds.stream().mapToDouble(CvReport.Fold::pairAccuracy).toArray())
            : null,
        CvReport.Spread.of(folds.stream().mapToDouble(CvReport.Fold::spearman).toArray()),
        CvReport.Spread.of(folds.stream().mapToDouble(CvReport.Fold::delta).toArray()),
        new double[] {100 * ci[0], 100 * ci[1]},
        folds);
  }

  /**
   * The pool model with the highest mean win over the given sets: what a user with that history
   * always picks.
   */
  static int bestSingle(List<PoolSet> history) {
    if (history.isEmpty()) {
      throw new IllegalArgumentException(
          "no training instruction has a candidate from every pool model");
    }
    int n = history.get(0).wins().length;
    int best = 0;
    double bestRate = Double.NEGATIVE_INFINITY;
    for (int m = 0; m < n; m++) {
      double rate = meanWin(history, m);
      if (rate > bestRate) {
        bestRate = rate;
        best = m;
      }
    }
    return best;
  }

  private static double meanWin(List<PoolSet> sets, int model) {
    return sets.stream().mapToDouble(s -> s.wins()[model]).average().orElse(0);
  }
}

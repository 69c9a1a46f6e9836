package org.blendstream.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What {@code eval --folds K} writes: per strategy, every fold's figures and their mean ± sd over
 * folds, and the paired delta against the best single model picked on each fold's training
 * instructions, with a bootstrap interval pooled over all held sets. Win rates, accuracies and
 * deltas in %, Spearman in [−1, 1].
 */
@JsonPropertyOrder({"folds", "seed", "pool", "data", "n_sets", "baselines", "strategies"})
public record CvReport(
    @JsonProperty("folds") int folds,
    @JsonProperty("seed") long seed,
    @JsonProperty("pool") List<String> pool,
    @JsonProperty("data") List<String> data,
    @JsonProperty("n_sets") int nSets,
    @JsonProperty("baselines") List<FoldBaseline> baselines,
    @JsonProperty("strategies") List<Strategy> strategies) {

  /**
   * Per fold: the best single model as the training folds chose it, its held-fold rate, random and
   * oracle.
   */
  @JsonPropertyOrder({"fold", "n_sets", "best_single", "best_single_win_rate", "random", "oracle"})
  public record FoldBaseline(
      @JsonProperty("fold") int fold,
      @JsonProperty("n_sets") int nSets,
      @JsonProperty("best_single") String bestSingle,
      @JsonProperty("best_single_win_rate") double bestSingleWinRate,
      @JsonProperty("random") double random,
      @JsonProperty("oracle") double oracle) {}

  @JsonPropertyOrder({
    "fold",
    "n_sets",
    "win_rate",
    "pair_accuracy",
    "spearman",
    "delta_vs_best_single",
    "pairs_scored",
    "seconds"
  })
  public record Fold(
      @JsonProperty("fold") int fold,
      @JsonProperty("n_sets") int nSets,
      @JsonProperty("win_rate") double winRate,
      @JsonProperty("pair_accuracy") Double pairAccuracy,
      @JsonProperty("spearman") double spearman,
      @JsonProperty("delta_vs_best_single") double delta,
      @JsonProperty("pairs_scored") long pairsScored,
      @JsonProperty("seconds") double seconds) {}

  /** Mean and sample standard deviation over folds. */
  @JsonPropertyOrder({"mean", "sd"})
  public record Spread(@JsonProperty("mean") double mean, @JsonProperty("sd") double sd) {
    static Spread of(double[] v) {
      double m = 0;
      for (double x : v) {
        m += x;
      }
      m /= v.length;
      double s = 0;
      for (double x : v) {
        s += (x - m) * (x - m);
      }
      return new Spread(m, v.length > 1 ? Math.sqrt(s / (v.length - 1)) : 0);
    }
  }

  @JsonPropertyOrder({
    "name",
    "note",
    "win_rate",
    "pair_accuracy",
    "spearman",
    "delta_vs_best_single",
    "delta_ci",
    "folds"
  })
  public record Strategy(
      @JsonProperty("name") String name,
      @JsonProperty("note") String note,
      @JsonProperty("win_rate") Spread winRate,
      @JsonProperty("pair_accuracy") Spread pairAccuracy,
      @JsonProperty("spearman") Spread spearman,
      @JsonProperty("delta_vs_best_single") Spread delta,
      /** Paired bootstrap 95% interval of the delta, pooled over every held set, in points. */
      @JsonProperty("delta_ci") double[] deltaCi,
      @JsonProperty("folds") List<Fold> folds) {}
}

package org.blendstream.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * What {@code eval} writes to its JSON file: a stable contract that scripts and CI read. Win rates
 * and pair accuracy are in %, correlations in [−1, 1], footrule in [0, 1] (0 = the oracle's order).
 */
@JsonPropertyOrder({
  "n_sets",
  "ranker",
  "aggregation",
  "pool",
  "win_rate",
  "best_single",
  "random",
  "longest",
  "oracle",
  "pearson",
  "spearman",
  "footrule",
  "pair_accuracy",
  "win_rate_delta_ci",
  "pairs_scored",
  "seconds",
  "single_models"
})
public record EvalReport(
    @JsonProperty("n_sets") int nSets,
    @JsonProperty("ranker") String ranker,
    @JsonProperty("aggregation") String aggregation,
    @JsonProperty("pool") List<String> pool,
    @JsonProperty("win_rate") double winRate,
    @JsonProperty("best_single") BestSingle bestSingle,
    @JsonProperty("random") double random,
    @JsonProperty("longest") double longest,
    @JsonProperty("oracle") double oracle,
    @JsonProperty("pearson") double pearson,
    @JsonProperty("spearman") double spearman,
    @JsonProperty("footrule") double footrule,
    /** Null, not 0, when no pair's wins differ by the margin: then the figure does not exist. */
    @JsonProperty("pair_accuracy") Double pairAccuracy,
    /** Paired bootstrap 95% interval of win_rate − best_single.win_rate, in points: [low, high]. */
    @JsonProperty("win_rate_delta_ci") double[] winRateDeltaCi,
    @JsonProperty("pairs_scored") long pairsScored,
    @JsonProperty("seconds") double seconds,
    /** Win rate of always choosing each pool model, in pool order. */
    @JsonProperty("single_models") Map<String, Double> singleModels) {

  /** Pair accuracy for people: a percentage, or why there is none. */
  public static String pairAccuracyText(Double pairAccuracy) {
    return pairAccuracy == null
        ? "n/a (no pair's wins differ by " + RankAgreement.PAIR_MARGIN + ")"
        : String.format(java.util.Locale.ROOT, "%.2f%%", pairAccuracy);
  }

  public record BestSingle(
      @JsonProperty("model") String model, @JsonProperty("win_rate") double winRate) {}
}

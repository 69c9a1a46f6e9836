package org.blendstream.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * What {@code eval} reports on a pairwise file, and writes to its JSON: agreement in %, each with a
 * Wilson 95% interval in %. {@code agreement} is over the pairs not labelled tie; {@code
 * agreement_ties_as_misses} is over every pair, a tie label counting as a miss whatever the ranker
 * says. A ranker that scores both answers equally earns half a hit.
 */
@JsonPropertyOrder({
  "format",
  "n_pairs",
  "n_label_ties",
  "ranker",
  "aggregation",
  "preference",
  "interval",
  "agreement",
  "agreement_ties_as_misses",
  "ranker_ties",
  "by_scenario",
  "pairs_scored",
  "seconds"
})
public record PairwiseReport(
    @JsonProperty("format") String format,
    @JsonProperty("n_pairs") int nPairs,
    @JsonProperty("n_label_ties") int nLabelTies,
    @JsonProperty("ranker") String ranker,
    @JsonProperty("aggregation") String aggregation,
    /**
     * How the ranker's preference for a over b was read: the pair logits both ways, or the
     * candidates' scores.
     */
    @JsonProperty("preference") String preference,
    @JsonProperty("interval") String interval,
    @JsonProperty("agreement") Agreement agreement,
    @JsonProperty("agreement_ties_as_misses") Agreement agreementTiesAsMisses,
    /** Pairs where the preference was exactly 0 (each counted as half a hit). */
    @JsonProperty("ranker_ties") int rankerTies,
    /** Per scenario (or subset, when the file names no scenario), in order of first appearance. */
    @JsonProperty("by_scenario") Map<String, Group> byScenario,
    @JsonProperty("pairs_scored") long pairsScored,
    @JsonProperty("seconds") double seconds) {

  public static final String FORMAT = "pairwise";
  public static final String INTERVAL = "wilson 95%";
  public static final String BY_LOGITS = "logit(a,b) - logit(b,a)";
  public static final String BY_SCORES = "score(a) - score(b) on the 2-candidate set";

  /** {@code value} is null, not 0, when there is no pair to count. */
  public record Agreement(
      @JsonProperty("value") Double value,
      @JsonProperty("ci95") double[] ci95,
      @JsonProperty("hits") double hits,
      @JsonProperty("n") int n) {

    static Agreement of(double hits, int n) {
      double[] ci = Wilson.interval(hits, n, Wilson.Z95);
      return new Agreement(
          n == 0 ? null : 100 * hits / n, new double[] {100 * ci[0], 100 * ci[1]}, hits, n);
    }

    /** For people: "71.9% [54.6, 84.4] (23/32)", or why there is none. */
    public String text() {
      if (value == null) {
        return "n/a (no pairs)";
      }
      return String.format(
          java.util.Locale.ROOT,
          "%.1f%% [%.1f, %.1f] (%s/%d)",
          value,
          ci95[0],
          ci95[1],
          hits == Math.rint(hits) ? String.valueOf((long) hits) : String.valueOf(hits),
          n);
    }
  }

  public record Group(
      @JsonProperty("n_pairs") int nPairs,
      @JsonProperty("n_label_ties") int nLabelTies,
      @JsonProperty("agreement") Agreement agreement,
      @JsonProperty("agreement_ties_as_misses") Agreement agreementTiesAsMisses) {}
}

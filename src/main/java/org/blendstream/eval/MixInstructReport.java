package org.blendstream.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * What {@code eval} reports on MixInstruct, as the LLM-Blender paper's Table 2 does: GPT-Rank, the
 * mean oracle rank (1 = best; lower is better) of the chosen candidate, and Top-3, the % of
 * examples where it ranks in the oracle's top 3, for the ranker and for always choosing each model.
 * Examples without verdicts are skipped and counted.
 */
@JsonPropertyOrder({
  "format",
  "n_examples",
  "n_skipped",
  "ranker",
  "aggregation",
  "oracle",
  "gpt_rank",
  "top3",
  "random",
  "longest",
  "single_models",
  "chosen_scores",
  "pairs_scored",
  "seconds"
})
public record MixInstructReport(
    @JsonProperty("format") String format,
    @JsonProperty("n_examples") int nExamples,
    /** Examples whose cmp_results were empty or null, left out of every figure. */
    @JsonProperty("n_skipped") int nSkipped,
    @JsonProperty("ranker") String ranker,
    @JsonProperty("aggregation") String aggregation,
    /** How the oracle ranking was derived. */
    @JsonProperty("oracle") String oracle,
    @JsonProperty("gpt_rank") double gptRank,
    @JsonProperty("top3") double top3,
    /** Expected GPT-Rank and Top-3 of a uniformly random choice. */
    @JsonProperty("random") Figures random,
    @JsonProperty("longest") Figures longest,
    /** Always choosing one model, over the examples where it has a candidate. */
    @JsonProperty("single_models") Map<String, Figures> singleModels,
    /**
     * Mean of each of the candidates' own {@code scores} over the chosen candidates (e.g.
     * bartscore).
     */
    @JsonProperty("chosen_scores") Map<String, Double> chosenScores,
    @JsonProperty("pairs_scored") long pairsScored,
    @JsonProperty("seconds") double seconds) {

  public static final String FORMAT = "mixinstruct";
  public static final String ORACLE = "maxwins over cmp_results (ties share the better rank)";

  public record Figures(
      @JsonProperty("gpt_rank") double gptRank,
      @JsonProperty("top3") double top3,
      @JsonProperty("n") int n) {}
}

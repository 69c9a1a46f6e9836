package org.blendstream.emit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.RankedModel;
import org.blendstream.avro.RankerInfo;

/**
 * How a blended answer is shown to people (the demo's console) and to scripts (JSON lines): flat,
 * without Avro's union wrappers.
 */
public final class BlendedResponseView {

  private BlendedResponseView() {}

  public static Map<String, Object> toMap(BlendedResponse r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("request_id", r.getRequestId());
    m.put("mode", r.getMode().toString());
    m.put("selected_model", r.getSelectedModel());
    m.put("complete", r.getComplete());
    m.put("missing_models", r.getMissingModels());
    Map<String, Double> scores = new LinkedHashMap<>();
    r.getRanked().forEach(x -> scores.put(x.getModel(), x.getScore()));
    m.put("scores", scores);
    m.put(
        "ranked",
        r.getRanked().stream()
            .map(x -> Map.of("model", x.getModel(), "score", x.getScore(), "rank", x.getRank()))
            .toList());
    m.put("full_ranking", r.getFullRanking());
    m.put("top_k", r.getTopK());
    m.put("ranker", r.getRanker().getName());
    m.put("ranker_version", r.getRanker().getVersion());
    m.put("aggregation", r.getRanker().getAggregation());
    m.put(
        "fuser",
        r.getFuser() == null ? null : r.getFuser().getName() + " " + r.getFuser().getVersion());
    m.put("assembly_ms", r.getTimings().getAssemblyMs());
    m.put("ranking_ms", r.getTimings().getRankingMs());
    m.put("fusion_ms", r.getTimings().getFusionMs());
    m.put("fallback_reason", r.getFallbackReason());
    m.put("text", r.getText());
    return m;
  }

  /**
   * A few readable lines: who won, by how much, and whether the set was complete. Scores have fixed
   * decimals, so that a length score (longest) and a logit sum (maxlogits) both read as plain
   * numbers.
   */
  public static String toText(BlendedResponse r) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%s  %s  %s  %s%n",
            r.getRequestId(),
            r.getMode(),
            r.getSelectedModel(),
            r.getComplete()
                ? "complete"
                : "complete=false, missing " + String.join(", ", r.getMissingModels())));
    List<RankedModel> ranked = r.getRanked();
    StringBuilder scores = new StringBuilder();
    for (RankedModel x : ranked) {
      scores.append(
          String.format(
              "%s%d.%s=%.3f",
              scores.length() == 0 ? "" : "  ", x.getRank(), x.getModel(), x.getScore()));
    }
    sb.append("    scores: ")
        .append(scores)
        .append(r.getFullRanking() ? "" : "  (partial order: best only)")
        .append('\n');
    String aggregation =
        r.getRanker().getAggregation() == null ? "" : " (" + r.getRanker().getAggregation() + ")";
    sb.append(
        String.format(
            "    ranker %s%s, assembly %d ms, ranking %d ms%s%n",
            rankerLabel(r.getRanker()),
            aggregation,
            r.getTimings().getAssemblyMs(),
            r.getTimings().getRankingMs(),
            (r.getRanker().getPriorVersion() == null
                    ? ""
                    : ", learned prior v"
                        + r.getRanker().getPriorVersion()
                        + " ("
                        + r.getRanker().getPriorFeedback()
                        + " feedback)")
                + (r.getFallbackReason() == null ? "" : ", fallback: " + r.getFallbackReason())));
    String text = r.getText().replaceAll("\\s+", " ").strip();
    sb.append("    answer: ")
        .append(text.length() > 160 ? text.substring(0, 157) + "..." : text)
        .append('\n');
    return sb.toString();
  }

  /**
   * The ranker as people name it: a model version already starts with the ranker's name
   * (builtin-minilm-pairranker-v4), so it stands alone; a bare number (longest's "1") reads as
   * "longest v1".
   */
  public static String rankerLabel(RankerInfo info) {
    String name = info.getName();
    String version = info.getVersion() == null ? "" : info.getVersion().strip();
    if (version.isEmpty()) {
      return name;
    }
    if (version.startsWith(name)) {
      return version;
    }
    return name + (version.chars().allMatch(Character::isDigit) ? " v" : " ") + version;
  }
}

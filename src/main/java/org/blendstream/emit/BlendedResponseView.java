package org.blendstream.emit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.RankedModel;

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
    m.put("ranked", r.getRanked().stream().map(x -> Map.of("model", x.getModel(), "score", x.getScore(), "rank", x.getRank())).toList());
    m.put("full_ranking", r.getFullRanking());
    m.put("top_k", r.getTopK());
    m.put("ranker", r.getRanker().getName() + " " + r.getRanker().getVersion());
    m.put("aggregation", r.getRanker().getAggregation());
    m.put("fuser", r.getFuser() == null ? null : r.getFuser().getName() + " " + r.getFuser().getVersion());
    m.put("assembly_ms", r.getTimings().getAssemblyMs());
    m.put("ranking_ms", r.getTimings().getRankingMs());
    m.put("fusion_ms", r.getTimings().getFusionMs());
    m.put("fallback_reason", r.getFallbackReason());
    m.put("text", r.getText());
    return m;
  }

  /** A few readable lines: who won, by how much, and whether the set was complete. */
  public static String toText(BlendedResponse r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%s  %s  %s  %s%n", r.getRequestId(), r.getMode(), r.getSelectedModel(),
        r.getComplete() ? "complete" : "complete=false, missing " + r.getMissingModels()));
    List<RankedModel> ranked = r.getRanked();
    StringBuilder scores = new StringBuilder();
    for (RankedModel x : ranked) {
      scores.append(String.format("%s%d.%s=%.3g", scores.length() == 0 ? "" : "  ", x.getRank(), x.getModel(), x.getScore()));
    }
    sb.append("    scores: ").append(scores).append(r.getFullRanking() ? "" : "  (partial order: best only)").append('\n');
    sb.append(String.format("    ranker %s %s, assembly %d ms, ranking %d ms%s%n", r.getRanker().getName(),
        r.getRanker().getVersion(), r.getTimings().getAssemblyMs(), r.getTimings().getRankingMs(),
        r.getFallbackReason() == null ? "" : ", fallback: " + r.getFallbackReason()));
    String text = r.getText().replaceAll("\\s+", " ").strip();
    sb.append("    answer: ").append(text.length() > 160 ? text.substring(0, 157) + "..." : text).append('\n');
    return sb.toString();
  }
}

package org.blendstream.emit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.avro.ModelPriors;
import org.blendstream.avro.ModelStrength;

/**
 * The learned priors as {@code watch --priors} prints them: one line per model, strongest first.
 */
public final class PriorsView {

  private PriorsView() {}

  private static List<Map.Entry<String, ModelStrength>> strongestFirst(ModelPriors p) {
    List<Map.Entry<String, ModelStrength>> models = new ArrayList<>(p.getModels().entrySet());
    models.sort(
        (a, b) ->
            a.getValue().getStrength() != b.getValue().getStrength()
                ? Double.compare(b.getValue().getStrength(), a.getValue().getStrength())
                : a.getKey().compareTo(b.getKey()));
    return models;
  }

  public static String toText(ModelPriors p) {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                "priors v%d  %s, half-life %s records%n",
                p.getVersion(),
                p.getMethod(),
                p.getHalfLife() > 0 ? String.valueOf(p.getHalfLife()) : "none"));
    for (Map.Entry<String, ModelStrength> e : strongestFirst(p)) {
      sb.append(
          String.format(
              "    %-32s strength %+.3f  feedback %d%n",
              e.getKey(), e.getValue().getStrength(), e.getValue().getFeedback()));
    }
    return sb.toString();
  }

  public static Map<String, Object> toMap(ModelPriors p) {
    Map<String, Object> models = new LinkedHashMap<>();
    for (Map.Entry<String, ModelStrength> e : strongestFirst(p)) {
      models.put(
          e.getKey(),
          Map.of("strength", e.getValue().getStrength(), "feedback", e.getValue().getFeedback()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", p.getVersion());
    out.put("method", p.getMethod());
    out.put("half_life", p.getHalfLife());
    out.put("updated_at", p.getUpdatedAt());
    out.put("models", models);
    return out;
  }
}

package org.blendstream.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.rank.ModelPrior;
import org.blendstream.rank.StrengthFit;

/**
 * The prior a user with this judged history would fit: every model's answers count, not just the
 * pool's, because a deployment's history holds whatever models it ran. Same fit and defaults as
 * {@code fit-prior}.
 */
public final class HistoryPrior {

  private HistoryPrior() {}

  public static ModelPrior fit(List<JudgedDataset.Item> history) {
    return PriorFit.fit(winsByModel(history), StrengthFit.Options.defaults());
  }

  public static List<Map<String, Double>> winsByModel(List<JudgedDataset.Item> history) {
    return history.stream().map(HistoryPrior::winsByModel).toList();
  }

  /**
   * The judge's win of each model's first candidate: one instruction's outcomes, as {@link
   * PriorFit} reads them.
   */
  public static Map<String, Double> winsByModel(JudgedDataset.Item item) {
    Map<String, Double> wins = new LinkedHashMap<>();
    item.byModel().forEach((model, judged) -> wins.put(model, judged.win()));
    return wins;
  }
}

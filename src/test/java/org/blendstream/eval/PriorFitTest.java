package org.blendstream.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.blendstream.rank.ModelPrior;
import org.blendstream.rank.StrengthFit;
import org.junit.jupiter.api.Test;

class PriorFitTest {

  /** Known strengths: the judge's win of a model is σ(strength + difficulty + noise). */
  private static final Map<String, Double> TRUE =
      Map.of("weak", -1.5, "poor", -0.6, "fair", 0.0, "good", 0.7, "best", 1.6);

  private static final List<String> TRUE_ORDER = List.of("best", "good", "fair", "poor", "weak");

  static List<Map<String, Double>> synthetic(int instructions, long seed) {
    Random random = new Random(seed);
    List<Map<String, Double>> out = new ArrayList<>();
    for (int k = 0; k < instructions; k++) {
      double difficulty = random.nextGaussian();
      Map<String, Double> wins = new LinkedHashMap<>();
      for (String model : TRUE_ORDER) {
        wins.put(
            model, 1 / (1 + Math.exp(-(TRUE.get(model) + difficulty + random.nextGaussian()))));
      }
      out.add(wins);
    }
    return out;
  }

  private static List<String> order(ModelPrior prior) {
    return List.copyOf(prior.models().keySet());
  }

  @Test
  void bradleyTerryRecoversTheOrderOfModelsWithKnownStrengths() {
    ModelPrior prior = PriorFit.fit(synthetic(300, 1), StrengthFit.Options.defaults());
    assertEquals(TRUE_ORDER, order(prior));
    assertEquals(StrengthFit.BRADLEY_TERRY, prior.method());
    assertEquals(300, prior.provenance().instructions());
    double mean =
        prior.models().values().stream()
            .mapToDouble(ModelPrior.Entry::strength)
            .average()
            .orElseThrow();
    assertEquals(0, mean, 1e-9, "strengths are centred");
    // The weakest and strongest differ by much more than the middle two.
    assertTrue(
        prior.strength("best").getAsDouble() - prior.strength("weak").getAsDouble()
            > 3 * (prior.strength("good").getAsDouble() - prior.strength("fair").getAsDouble()));
  }

  @Test
  void theShrunkMeanRecoversTheSameOrder() {
    ModelPrior prior =
        PriorFit.fit(synthetic(300, 2), new StrengthFit.Options(StrengthFit.MEAN, 0.1, null));
    assertEquals(TRUE_ORDER, order(prior));
    assertEquals(StrengthFit.DEFAULT_L2_MEAN, prior.l2());
    assertEquals(300, prior.models().get("fair").comparisons());
  }

  @Test
  void theFitIsAtTheOptimumOfThePenalisedLikelihood() {
    // Two models, one comparison each way plus one more for "a": the optimum of
    // 2·log σ(d) + log σ(-d) − l2/2·((d/2)² + (d/2)²), d = s_a − s_b, solves 2 − 3σ(d) = l2·d/2.
    List<Map<String, Double>> data =
        List.of(Map.of("a", 0.9, "b", 0.1), Map.of("a", 0.8, "b", 0.2), Map.of("a", 0.3, "b", 0.7));
    ModelPrior prior =
        PriorFit.fit(data, new StrengthFit.Options(StrengthFit.BRADLEY_TERRY, 0.1, 0.5));
    double d = prior.strength("a").getAsDouble() - prior.strength("b").getAsDouble();
    assertEquals(0, 2 - 3 / (1 + Math.exp(-d)) - 0.5 * d / 2, 1e-9);
    assertEquals(3, prior.models().get("a").comparisons());
  }

  @Test
  void pairsCloserThanTheMarginAreNotComparisons() {
    List<Map<String, Double>> data =
        List.of(Map.of("a", 0.55, "b", 0.5), Map.of("a", 0.9, "b", 0.1));
    assertEquals(
        1, PriorFit.fit(data, StrengthFit.Options.defaults()).models().get("a").comparisons());
    assertEquals(
        2,
        PriorFit.fit(data, new StrengthFit.Options(StrengthFit.BRADLEY_TERRY, 0.01, null))
            .models()
            .get("a")
            .comparisons());
  }

  @Test
  void aModelWithFewComparisonsStaysNearNeutral() {
    List<Map<String, Double>> data = new ArrayList<>(synthetic(300, 3));
    // "lucky" won the only two instructions it was judged on, by as much as "best" ever does.
    for (int k = 0; k < 2; k++) {
      data.get(k).put("lucky", 0.99);
    }
    ModelPrior prior = PriorFit.fit(data, StrengthFit.Options.defaults());
    assertTrue(
        prior.strength("lucky").getAsDouble() < prior.strength("best").getAsDouble(),
        prior.models().toString());
  }

  @Test
  void theSameOutcomesInAnotherOrderGiveTheSameStrengths() {
    List<Map<String, Double>> data = synthetic(100, 4);
    List<Map<String, Double>> shuffled = new ArrayList<>();
    for (Map<String, Double> m : data) {
      List<Map.Entry<String, Double>> entries = new ArrayList<>(m.entrySet());
      Collections.reverse(entries);
      Map<String, Double> reversed = new LinkedHashMap<>();
      entries.forEach(e -> reversed.put(e.getKey(), e.getValue()));
      shuffled.add(reversed);
    }
    Collections.shuffle(shuffled, new Random(5));
    ModelPrior a = PriorFit.fit(data, StrengthFit.Options.defaults());
    ModelPrior b = PriorFit.fit(shuffled, StrengthFit.Options.defaults());
    for (String model : TRUE_ORDER) {
      assertEquals(a.strength(model).getAsDouble(), b.strength(model).getAsDouble(), 1e-12);
    }
  }

  @Test
  void rejectsAnUnknownMethodAndANonPositivePenalty() {
    assertThrows(IllegalArgumentException.class, () -> new StrengthFit.Options("elo", 0.1, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new StrengthFit.Options(StrengthFit.BRADLEY_TERRY, 0.1, 0.0));
    assertThrows(
        IllegalArgumentException.class,
        () -> PriorFit.fit(List.of(), StrengthFit.Options.defaults()));
  }
}

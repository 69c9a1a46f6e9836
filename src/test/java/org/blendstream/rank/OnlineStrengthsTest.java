package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.blendstream.eval.PriorFit;
import org.junit.jupiter.api.Test;

class OnlineStrengthsTest {

  /** Random outcomes for three models of true log-odds strengths 1, 0, −1. */
  private static List<Map<String, Double>> outcomes(int n, long seed) {
    Random random = new Random(seed);
    double[] truth = {1, 0, -1};
    String[] names = {"a", "b", "c"};
    List<Map<String, Double>> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      Map<String, Double> record = new LinkedHashMap<>();
      for (int i = 0; i < 3; i++) {
        record.put(names[i], 1 / (1 + Math.exp(-(truth[i] + random.nextGaussian()))));
      }
      out.add(record);
    }
    return out;
  }

  @Test
  void withoutDecayTheOnlineBradleyTerryFitEqualsTheOfflineFit() {
    List<Map<String, Double>> data = outcomes(300, 1);
    OnlineStrengths online =
        new OnlineStrengths(OnlineStrengths.Options.of(StrengthFit.BRADLEY_TERRY, 0, null));
    data.forEach(r -> online.apply(r, 1));
    ModelPrior offline = PriorFit.fit(data, StrengthFit.Options.defaults());
    for (String m : List.of("a", "b", "c")) {
      assertEquals(offline.strength(m).orElseThrow(), online.strength(m).orElseThrow(), 1e-6, m);
    }
    assertTrue(online.strength("a").orElseThrow() > online.strength("c").orElseThrow() + 1);
  }

  @Test
  void withoutDecayTheOnlineMeanEqualsTheOfflineMeanUpToItsCentring() {
    List<Map<String, Double>> data = outcomes(200, 2);
    OnlineStrengths online =
        new OnlineStrengths(OnlineStrengths.Options.of(StrengthFit.MEAN, 0, null));
    data.forEach(r -> online.apply(r, 1));
    ModelPrior offline =
        PriorFit.fit(
            data, new StrengthFit.Options(StrengthFit.MEAN, StrengthFit.DEFAULT_MARGIN, null));
    double offlineGap = offline.strength("a").orElseThrow() - offline.strength("c").orElseThrow();
    double onlineGap = online.strength("a").orElseThrow() - online.strength("c").orElseThrow();
    assertEquals(offlineGap, onlineGap, 1e-9);
  }

  @Test
  void aHalfLifeFollowsAModelThatChangesWhereNoDecayLagsBehind() {
    OnlineStrengths decayed =
        new OnlineStrengths(OnlineStrengths.Options.of(StrengthFit.BRADLEY_TERRY, 20, null));
    OnlineStrengths forever =
        new OnlineStrengths(OnlineStrengths.Options.of(StrengthFit.BRADLEY_TERRY, 0, null));
    for (int k = 0; k < 200; k++) {
      decayed.apply(Map.of("old", 1.0, "x", 0.0), 1);
      forever.apply(Map.of("old", 1.0, "x", 0.0), 1);
    }
    for (int k = 0; k < 60; k++) {
      decayed.apply(Map.of("old", 0.0, "x", 1.0), 1);
      forever.apply(Map.of("old", 0.0, "x", 1.0), 1);
    }
    assertTrue(
        decayed.strength("x").orElseThrow() > decayed.strength("old").orElseThrow(),
        "decayed follows");
    assertTrue(
        forever.strength("x").orElseThrow() < forever.strength("old").orElseThrow(),
        "no decay lags");
  }

  @Test
  void aRestoredStateContinuesBitForBit() {
    List<Map<String, Double>> data = outcomes(120, 3);
    OnlineStrengths.Options options =
        OnlineStrengths.Options.of(StrengthFit.BRADLEY_TERRY, 50, null);
    OnlineStrengths straight = new OnlineStrengths(options);
    data.forEach(r -> straight.apply(r, 0.7));
    OnlineStrengths first = new OnlineStrengths(options);
    data.subList(0, 60).forEach(r -> first.apply(r, 0.7));
    OnlineStrengths restored = new OnlineStrengths(options, first.state());
    data.subList(60, 120).forEach(r -> restored.apply(r, 0.7));
    assertEquals(straight.strengths(), restored.strengths());
    assertEquals(straight.feedbackCounts(), restored.feedbackCounts());
    assertEquals(120, restored.records());
  }

  @Test
  void anUnknownModelIsNeutralAndAWarmStartIsWhereAModelBegins() {
    ModelPrior shipped =
        new ModelPrior(
            StrengthFit.BRADLEY_TERRY,
            1,
            0.1,
            null,
            Map.of("known", new ModelPrior.Entry(0.8, 10)));
    OnlineStrengths s =
        new OnlineStrengths(OnlineStrengths.Options.of(StrengthFit.BRADLEY_TERRY, 200, shipped));
    assertEquals(0.8, s.strength("known").orElseThrow());
    assertTrue(s.strength("new").isEmpty());
    s.apply(Map.of("new", 0.5, "other", 0.5), 1);
    assertEquals(0.0, s.strength("new").orElseThrow(), 1e-12, "a tie says nothing: still neutral");
    assertEquals(0.8, s.strength("known").orElseThrow(), "never named: its warm start");
  }
}

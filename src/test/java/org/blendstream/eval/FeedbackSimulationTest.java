package org.blendstream.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeedbackSimulationTest {

  /**
   * Weak first: where the signals tie, the ensemble keeps the pool's order, so without a prior it
   * picks weak.
   */
  private static final List<String> POOL = List.of("weak", "middle", "strong");

  /**
   * 200 instructions whose answers look alike (same length, no shared words), so only a prior can
   * tell the models apart; the judge prefers strong over middle over weak, and "better" (outside
   * the pool) over all of them.
   */
  private static List<JudgedDataset.Item> items() {
    Random random = new Random(5);
    List<JudgedDataset.Item> out = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      List<JudgedDataset.Judged> candidates = new ArrayList<>();
      double[] mean = {0.7, 0.4, 0.1, 0.95};
      String[] models = {"strong", "middle", "weak", "better"};
      for (int m = 0; m < models.length; m++) {
        double win = Math.max(0, Math.min(1, mean[m] + 0.15 * random.nextGaussian()));
        candidates.add(new JudgedDataset.Judged(models[m], "w" + i + "x" + m + " lorem", win));
      }
      out.add(new JudgedDataset.Item("i" + i, "instruction " + i, "test", null, candidates));
    }
    return out;
  }

  private static FeedbackSimulation.Settings settings(
      double rate, FeedbackSimulation.Upgrade upgrade) {
    return new FeedbackSimulation.Settings(rate, 5, 50, "bradley-terry", 50, 0, upgrade);
  }

  @Test
  void withFeedbackTheOnlinePriorLearnsTheStaticPriorsChoicesAndWithoutItStaysAtNoPrior() {
    FeedbackSimulation simulation = new FeedbackSimulation(items(), POOL, null);
    FeedbackSimulation.Result learned = simulation.run(settings(1.0, null), line -> {});
    FeedbackSimulation.Segment last = learned.segments().get(learned.segments().size() - 1);
    assertEquals(4, learned.segments().size());
    assertTrue(
        last.winRate().get("online").mean() > last.winRate().get("none").mean() + 20,
        "online " + last.winRate().get("online") + " vs none " + last.winRate().get("none"));
    assertEquals(
        last.winRate().get("static").mean(),
        last.winRate().get("online").mean(),
        1e-9,
        "after 150 records it picks what the prior fitted on all picks");

    FeedbackSimulation.Result silent = simulation.run(settings(0.0, null), line -> {});
    for (FeedbackSimulation.Segment s : silent.segments()) {
      assertEquals(s.winRate().get("none").mean(), s.winRate().get("online").mean(), 1e-12);
    }
  }

  @Test
  void anUpgradedModelRanksFirstAfterSomeFeedbackAndTheRunIsSeeded() {
    FeedbackSimulation simulation = new FeedbackSimulation(items(), POOL, null);
    FeedbackSimulation.Upgrade upgrade = FeedbackSimulation.Upgrade.parse("weak=better@50");
    FeedbackSimulation upgraded = new FeedbackSimulation(items(), POOL, upgrade);
    FeedbackSimulation.Result a = upgraded.run(settings(1.0, upgrade), line -> {});
    FeedbackSimulation.Result b = upgraded.run(settings(1.0, upgrade), line -> {});
    assertEquals(a.recordsToFirst(), b.recordsToFirst());
    assertEquals(5, a.recordsToFirst().size());
    for (Integer records : a.recordsToFirst()) {
      assertNotNull(
          records, "the upgraded model overtakes strong within the 150 records after the swap");
      assertTrue(records > 1 && records < 150, "records " + records);
    }
    assertTrue(simulation.run(settings(1.0, null), line -> {}).recordsToFirst().isEmpty());
  }

  @Test
  void intervalsUseStudentsT() {
    FeedbackSimulation.Estimate e = FeedbackSimulation.estimate(new double[] {1, 2, 3});
    assertEquals(2.0, e.mean(), 1e-12);
    assertEquals(2 - 4.303 / Math.sqrt(3), e.low(), 1e-9);
    assertEquals(1.96, FeedbackSimulation.tQuantile975(10_000), 1e-3);
  }
}

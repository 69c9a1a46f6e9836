package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.blendstream.BlendConfig;
import org.blendstream.avro.RankerInfo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The PairRanker end to end on the real engine with the tiny fixture model (no broker). */
class PairwiseRankerFixtureTest {

  private static final List<String> ANSWERS =
      List.of(
          "The capital of France is Paris.",
          "Paris is the capital city, and it is known for the Eiffel tower!",
          "I don't know [SEP] maybe Lyon?",
          "Lyon.");

  private static BlendConfig config(String aggregation, int batch) {
    return new BlendConfig(
        Map.of(
            BlendConfig.RANKER,
            "pairranker",
            BlendConfig.RANKER_MODEL_DIR,
            TinyFixture.dir().toString(),
            BlendConfig.DEVICE,
            "cpu",
            BlendConfig.RANKER_AGGREGATION,
            aggregation,
            BlendConfig.RANKER_BATCH_SIZE,
            batch));
  }

  @Test
  void fullModeFillsTheMatrixAndScoresAreMaxLogitsOfIt() {
    try (Ranker ranker = PairRankerFactory.create(config("maxlogits", 5))) {
      Ranking r = ranker.rank(TestSets.set("req-1", null, ANSWERS));
      int n = ANSWERS.size();
      assertEquals(n * n, r.flatMatrix().size());
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          assertNotNull(r.matrix()[i][j]);
          if (i == j) {
            assertEquals(0.0, r.matrix()[i][j]);
          }
        }
      }
      assertArrayEquals(new MaxLogits().scores(r.matrix()), r.scores(), 1e-12);
      assertTrue(r.fullRanking());
      RankerInfo info = ranker.info();
      assertEquals("pairranker", info.getName());
      assertEquals("pairranker-tiny-fixture-1", info.getVersion());
      assertEquals("maxlogits", info.getAggregation());
      assertEquals("cpu", info.getDevice());
      assertEquals("float32", info.getDtype());
    }
  }

  @Test
  void batchSizeDoesNotChangeTheMatrix() {
    List<Double> reference;
    try (Ranker ranker = PairRankerFactory.create(config("maxlogits", 1))) {
      reference = ranker.rank(TestSets.set("req-1", null, ANSWERS)).flatMatrix();
    }
    try (Ranker ranker = PairRankerFactory.create(config("maxlogits", 7))) {
      List<Double> batched = ranker.rank(TestSets.set("req-1", null, ANSWERS)).flatMatrix();
      for (int k = 0; k < reference.size(); k++) {
        assertEquals(reference.get(k), batched.get(k), 1e-5);
      }
    }
  }

  @Test
  void bubbleRequestGivesPartialOrderWithNullsAndRepeats() {
    try (PairRankerFactory factory = PairRankerFactory.load(config("maxlogits", 4));
        Ranker a = factory.newRanker();
        Ranker b = factory.newRanker()) {
      Ranking first = a.rank(TestSets.set("req-7", "bubble", ANSWERS));
      Ranking second = b.rank(TestSets.set("req-7", "bubble", ANSWERS));
      assertFalse(first.fullRanking());
      assertEquals("bubble", first.aggregation());
      assertEquals(
          ANSWERS.size() * ANSWERS.size() - ANSWERS.size() - 2 * (ANSWERS.size() - 1),
          first.flatMatrix().stream().filter(x -> x == null).count());
      assertArrayEquals(first.order(), second.order());
    }
  }

  @Test
  void autoDeviceRunsOnCpuWhenDjlSeesNoGpu() {
    Assumptions.assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "a GPU is visible");
    BlendConfig auto =
        new BlendConfig(
            Map.of(
                BlendConfig.RANKER_MODEL_DIR,
                TinyFixture.dir().toString(),
                BlendConfig.DEVICE,
                "auto"));
    try (Ranker ranker = PairRankerFactory.create(auto)) {
      assertEquals("cpu", ranker.info().getDevice());
      assertEquals(3, ranker.rank(TestSets.set("r", null, ANSWERS.subList(0, 3))).order().length);
    }
  }

  /**
   * Throughput is {@code bench --model DIR}'s job. This pins what a long set must give: 56 pairs
   * past the fixture's 96-token budget, in four length-ordered batches of 16, each cell finite and
   * the same as one pair at a time in arrival order.
   */
  @Test
  void eightAnswersLongerThanTheBudgetScoreTheSameInLengthOrderedBatchesAsOneByOneInArrivalOrder() {
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      answers.add("answer " + i + " " + "paris is the capital of france. ".repeat(1 + 3 * i));
    }
    Ranking single;
    BlendConfig oneByOneInArrivalOrder =
        config("maxlogits", 1).with(Map.of(BlendConfig.RANKER_BATCH_ORDER, "arrival"));
    try (Ranker ranker = PairRankerFactory.create(oneByOneInArrivalOrder)) {
      single = ranker.rank(TestSets.set("req-long", null, answers));
    }
    try (Ranker ranker = PairRankerFactory.create(config("maxlogits", 16))) {
      Ranking batched = ranker.rank(TestSets.set("req-long", null, answers));
      int n = answers.size();
      long compared = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (i != j) {
            assertNotNull(batched.matrix()[i][j], i + "," + j);
            assertTrue(
                Double.isFinite(batched.matrix()[i][j]),
                i + "," + j + ": " + batched.matrix()[i][j]);
            assertEquals(single.matrix()[i][j], batched.matrix()[i][j], 1e-5, i + "," + j);
            compared++;
          }
        }
      }
      assertEquals((long) n * (n - 1), compared);
      assertArrayEquals(single.order(), batched.order());
    }
  }
}

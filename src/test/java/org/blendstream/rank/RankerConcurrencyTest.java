package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.blendstream.BlendConfig;
import org.blendstream.SharedSupplier;
import org.blendstream.avro.CandidateSet;
import org.junit.jupiter.api.Test;

/**
 * With {@code streams.num.stream.threads} above 1, the blending app's threads rank at the same
 * time, each with the ranker the shared supplier gave its task, over one copy of the weights. They
 * must answer exactly what one thread alone answers.
 */
class RankerConcurrencyTest {

  private static final int THREADS = 2;
  private static final int ROUNDS = 3;
  private static final List<CandidateSet> SETS =
      List.of(
          TestSets.set(
              "c-1",
              null,
              List.of(
                  "The capital of France is Paris.",
                  "Lyon.",
                  "I don't know.",
                  "Paris is the capital city, and it is known for the Eiffel tower!")),
          TestSets.set(
              "c-2",
              "bubble",
              List.of("Paris.", "Marseille, on the coast.", "It is Paris, on the Seine.")),
          TestSets.set(
              "c-3",
              null,
              List.of(
                  "Paris",
                  "Paris, France",
                  "The answer is Paris, of course.",
                  "No idea.",
                  "Toulouse")));

  @Test
  void twoThreadsRankingAtOnceWithTheTorchScriptPairRankerMatchOneThread() throws Exception {
    assertConcurrentMatchesSequential(
        new BlendConfig(
            Map.of(
                BlendConfig.RANKER,
                "pairranker",
                BlendConfig.RANKER_MODEL_DIR,
                TinyFixture.dir().toString(),
                BlendConfig.DEVICE,
                "cpu")));
  }

  @Test
  void twoThreadsRankingAtOnceWithTheBuiltinRankerMatchOneThread() throws Exception {
    assertConcurrentMatchesSequential(
        new BlendConfig(
            Map.of(
                BlendConfig.RANKER,
                "builtin",
                BlendConfig.MODEL_CACHE_DIR,
                Path.of("target", "builtin-cache").toString(),
                BlendConfig.DEVICE,
                "cpu")));
  }

  @Test
  void twoThreadsRankingAtOnceWithTheDefaultEnsembleMatchOneThread() throws Exception {
    assertConcurrentMatchesSequential(
        new BlendConfig(
            Map.of(
                BlendConfig.RANKER,
                "ensemble",
                BlendConfig.MODEL_CACHE_DIR,
                Path.of("target", "builtin-cache").toString(),
                BlendConfig.DEVICE,
                "cpu")));
  }

  private static void assertConcurrentMatchesSequential(BlendConfig config) throws Exception {
    try (SharedSupplier<Ranker> rankers = Rankers.supplier(config)) {
      List<Ranking> reference = new ArrayList<>();
      try (Ranker alone = rankers.get()) {
        SETS.forEach(s -> reference.add(alone.rank(s)));
      }
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CyclicBarrier start = new CyclicBarrier(THREADS);
      try {
        List<Future<List<Ranking>>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int offset = t;
          results.add(
              pool.submit(
                  () -> {
                    List<Ranking> out = new ArrayList<>();
                    try (Ranker mine = rankers.get()) {
                      start.await();
                      // Each thread walks the sets from another start, so that different sets
                      // overlap in time.
                      for (int k = 0; k < ROUNDS * SETS.size(); k++) {
                        out.add(mine.rank(SETS.get((k + offset) % SETS.size())));
                      }
                    }
                    return out;
                  }));
        }
        for (int t = 0; t < THREADS; t++) {
          List<Ranking> got = results.get(t).get();
          for (int k = 0; k < got.size(); k++) {
            Ranking expected = reference.get((k + t) % SETS.size());
            assertEquals(
                List.of(box(expected.order())),
                List.of(box(got.get(k).order())),
                "order, thread " + t);
            assertClose(
                expected.scores(), got.get(k).scores(), "scores, thread " + t + ", ranking " + k);
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static Integer[] box(int[] a) {
    return java.util.Arrays.stream(a).boxed().toArray(Integer[]::new);
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5, what + " at " + i);
    }
  }
}

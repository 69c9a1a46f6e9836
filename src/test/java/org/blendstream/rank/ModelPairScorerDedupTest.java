package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.blendstream.model.PairRankerModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What dedup and symmetric send through the model, and what they hand back, on the tiny TorchScript
 * PairRanker.
 */
class ModelPairScorerDedupTest {

  private static final String SOURCE = "Name a famous Broadway actor.";
  private static final List<String> WITH_COPY =
      List.of(
          "Hugh Jackman started on Broadway.",
          "Idina Menzel.",
          "Hugh Jackman started on Broadway.",
          "Sutton Foster began on stage, like many others.");
  private static final List<String> DISTINCT =
      List.of(
          "Hugh Jackman started on Broadway.",
          "Idina Menzel.",
          "Lin-Manuel Miranda",
          "Sutton Foster began on stage, like many others.");

  private static PairRankerModel model;

  @BeforeAll
  static void load() {
    model = PairRankerModel.load(TinyFixture.dir(), Device.cpu());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void identicalTextsAreScoredOnceAndEveryPairGetsTheLogitItWouldHaveHad() {
    List<CandidatePair> pairs = allPairs(4);
    double[] plain;
    double[] deduped;
    long rows;
    try (ModelPairScorer scorer = new ModelPairScorer(model, Batching.bySize(4).withDedup(false))) {
      plain = scorer.prepare(SOURCE, WITH_COPY).logits(pairs);
      assertEquals(12, scorer.rowsScored());
    }
    try (ModelPairScorer scorer = new ModelPairScorer(model, Batching.bySize(4))) {
      deduped = scorer.prepare(SOURCE, WITH_COPY).logits(pairs);
      rows = scorer.rowsScored();
    }
    // candidate 2 is candidate 0: (0,1)=(2,1), (1,0)=(1,2), (0,3)=(2,3), (3,0)=(3,2), (0,2)=(2,0),
    // plus (1,3), (3,1)
    assertEquals(7, rows);
    for (int k = 0; k < pairs.size(); k++) {
      assertEquals(plain[k], deduped[k], 1e-4, "pair " + pairs.get(k));
    }
  }

  @Test
  void symmetricScoresEachUnorderedPairOnceAndNegatesTheSwap() {
    List<CandidatePair> pairs = allPairs(4);
    double[] full;
    double[] symmetric;
    try (ModelPairScorer scorer = new ModelPairScorer(model, Batching.bySize(4))) {
      full = scorer.prepare(SOURCE, DISTINCT).logits(pairs);
    }
    try (ModelPairScorer scorer =
        new ModelPairScorer(model, Batching.bySize(4).withSymmetric(true))) {
      symmetric = scorer.prepare(SOURCE, DISTINCT).logits(pairs);
      assertEquals(6, scorer.rowsScored());
    }
    for (int k = 0; k < pairs.size(); k++) {
      CandidatePair p = pairs.get(k);
      double expected =
          p.first() < p.second()
              ? full[k]
              : -full[pairs.indexOf(new CandidatePair(p.second(), p.first()))];
      assertEquals(expected, symmetric[k], 1e-4, "pair " + p);
    }
  }

  @Test
  void symmetricBubbleTakesOnePassPerStep() {
    try (ModelPairScorer scorer =
        new ModelPairScorer(model, Batching.bySize(4).withSymmetric(true))) {
      new Bubble()
          .run(
              List.of("a", "b", "c", "d"),
              new int[] {0, 1, 2, 3},
              scorer.prepare(SOURCE, DISTINCT));
      assertEquals(3, scorer.rowsScored());
    }
  }

  private static List<CandidatePair> allPairs(int n) {
    List<CandidatePair> pairs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          pairs.add(new CandidatePair(i, j));
        }
      }
    }
    return pairs;
  }
}

package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.blendstream.model.PairRankerModel;
import org.blendstream.model.PairRow;
import org.blendstream.model.PairSequenceLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Java against the Python golden file: same token ids, same pair layout, same logits (1e-4). */
class PairRankerFixtureParityTest {

  private static PairRankerModel model;
  private static final JsonNode GOLDEN = TinyFixture.golden();

  @BeforeAll
  static void load() {
    model = PairRankerModel.load(TinyFixture.dir(), Device.cpu());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void tokenIdsEqualPythonWordPiece() {
    for (JsonNode t : GOLDEN.get("texts")) {
      assertArrayEquals(TinyFixture.longs(t.get("ids")), model.encoder().encode(t.get("text").asText()),
          "text: " + t.get("text").asText());
    }
  }

  @Test
  void pairIdsFollowPairRmLayoutAndBudget() {
    PairSequenceLayout layout = model.layout();
    for (JsonNode p : GOLDEN.get("pairs")) {
      long[] source = layout.sourcePiece(model.encoder().encode(p.get("source").asText()));
      int budget = layout.candidateBudget(source);
      long[] ids = PairSequenceLayout.concat(source,
          layout.candidate1Piece(model.encoder().encode(p.get("candidate1").asText()), budget),
          layout.candidate2Piece(model.encoder().encode(p.get("candidate2").asText()), budget));
      assertArrayEquals(TinyFixture.longs(p.get("input_ids")), ids, "pair: " + p.get("source").asText());
    }
  }

  @Test
  void logitsEqualPythonInPaddedBatches() {
    List<PairRow> sequences = new ArrayList<>();
    List<Double> expected = new ArrayList<>();
    for (JsonNode p : GOLDEN.get("pairs")) {
      sequences.add(PairRow.of(TinyFixture.longs(p.get("input_ids"))));
      expected.add(p.get("logit").asDouble());
    }
    // Length-ordered batches must hand every logit back to its own pair.
    for (Batching batching : List.of(Batching.bySize(1), Batching.bySize(4), Batching.bySize(16),
        new Batching(4, false))) {
      try (ModelPairScorer scorer = new ModelPairScorer(model, batching)) {
        double[] logits = scorer.logitsOfSequences(sequences);
        for (int k = 0; k < logits.length; k++) {
          assertEquals(expected.get(k), logits[k], 1e-4, "pair " + k + " with " + batching);
        }
      }
    }
  }

  @Test
  void scorerAssemblesTheSameLogitsFromTextsTokenizedOnce() {
    JsonNode p = GOLDEN.get("pairs").get(0);
    try (ModelPairScorer scorer = new ModelPairScorer(model, 8)) {
      PairScorer.PreparedSet set = scorer.prepare(p.get("source").asText(),
          List.of(p.get("candidate1").asText(), p.get("candidate2").asText()));
      double[] logits = set.logits(List.of(new CandidatePair(0, 1)));
      assertEquals(p.get("logit").asDouble(), logits[0], 1e-4);
    }
  }
}

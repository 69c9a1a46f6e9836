package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.model.PairRankerModel;
import org.blendstream.model.PairRow;
import org.blendstream.model.PairSequenceLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Java against each fixture's Python golden file: same token ids, same pair layout, same logits
 * (1e-4). For the DeBERTa-v3 fixture the ids come from transformers' slow SentencePiece tokenizer
 * and the logits from LLM-Blender's own eager PairRM forward, so these pin the Rust tokenizer
 * reading the exported tokenizer.json and the traced module.
 */
class PairRankerFixtureParityTest {

  private static final Map<String, PairRankerModel> MODELS = new HashMap<>();

  private static PairRankerModel model(String fixture) {
    return MODELS.computeIfAbsent(
        fixture, f -> PairRankerModel.load(TinyFixture.dir(f), Device.cpu()));
  }

  @AfterAll
  static void close() {
    MODELS.values().forEach(PairRankerModel::close);
  }

  @ParameterizedTest
  @ValueSource(strings = {TinyFixture.BERT, TinyFixture.DEBERTA})
  void tokenIdsEqualThePythonTokenizer(String fixture) {
    JsonNode texts = TinyFixture.golden(fixture).get("texts");
    assertTrue(texts.size() >= (fixture.equals(TinyFixture.DEBERTA) ? 30 : 1));
    for (JsonNode t : texts) {
      assertArrayEquals(
          TinyFixture.longs(t.get("ids")),
          model(fixture).encoder().encode(t.get("text").asText()),
          "text: " + t.get("text").asText());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {TinyFixture.BERT, TinyFixture.DEBERTA})
  void pairIdsFollowPairRmLayoutAndBudget(String fixture) {
    PairRankerModel model = model(fixture);
    PairSequenceLayout layout = model.layout();
    for (JsonNode p : TinyFixture.golden(fixture).get("pairs")) {
      long[] source = layout.sourcePiece(model.encoder().encode(p.get("source").asText()));
      int budget = layout.candidateBudget(source);
      long[] ids =
          PairSequenceLayout.concat(
              source,
              layout.candidate1Piece(model.encoder().encode(p.get("candidate1").asText()), budget),
              layout.candidate2Piece(model.encoder().encode(p.get("candidate2").asText()), budget));
      assertArrayEquals(
          TinyFixture.longs(p.get("input_ids")), ids, "pair: " + p.get("source").asText());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {TinyFixture.BERT, TinyFixture.DEBERTA})
  void logitsEqualPythonInPaddedBatches(String fixture) {
    List<PairRow> sequences = new ArrayList<>();
    List<Double> expected = new ArrayList<>();
    for (JsonNode p : TinyFixture.golden(fixture).get("pairs")) {
      sequences.add(PairRow.of(TinyFixture.longs(p.get("input_ids"))));
      expected.add(p.get("logit").asDouble());
    }
    assertTrue(expected.size() >= (fixture.equals(TinyFixture.DEBERTA) ? 20 : 1));
    // Length-ordered batches must hand every logit back to its own pair.
    for (Batching batching :
        List.of(
            Batching.bySize(1), Batching.bySize(4), Batching.bySize(16), new Batching(4, false))) {
      try (ModelPairScorer scorer = new ModelPairScorer(model(fixture), batching)) {
        double[] logits = scorer.logitsOfSequences(sequences);
        for (int k = 0; k < logits.length; k++) {
          assertEquals(expected.get(k), logits[k], 1e-4, "pair " + k + " with " + batching);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {TinyFixture.BERT, TinyFixture.DEBERTA})
  void scorerAssemblesTheSameLogitsFromTextsTokenizedOnce(String fixture) {
    JsonNode p = TinyFixture.golden(fixture).get("pairs").get(0);
    try (ModelPairScorer scorer = new ModelPairScorer(model(fixture), 8)) {
      PairScorer.PreparedSet set =
          scorer.prepare(
              p.get("source").asText(),
              List.of(p.get("candidate1").asText(), p.get("candidate2").asText()));
      double[] logits = set.logits(List.of(new CandidatePair(0, 1)));
      assertEquals(p.get("logit").asDouble(), logits[0], 1e-4);
    }
  }
}

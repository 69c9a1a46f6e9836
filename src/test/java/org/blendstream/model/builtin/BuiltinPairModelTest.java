package org.blendstream.model.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.blendstream.model.DjlRuntime;
import org.blendstream.model.PairRow;
import org.blendstream.rank.CandidatePair;
import org.blendstream.rank.ModelPairScorer;
import org.blendstream.rank.PairScorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinPairModelTest {

  static final BuiltinSpec SPEC = new BuiltinSpec("test-1", 24, 72, 1);

  @TempDir Path tmp;

  @Test
  void markerIndicesPointIntoTheFlattenedPaddedBatch() {
    DjlRuntime.init();
    List<PairRow> rows =
        List.of(
            new PairRow(new long[] {101, 1, 7, 102, 101, 2, 8, 9, 102, 101, 3, 102}, 2, 500),
            new PairRow(new long[] {101, 1, 102, 101, 2, 102, 101, 3, 5, 102}, 0, 1));
    try (NDManager nd = NDManager.newBaseManager("PyTorch")) {
      NDList in = BuiltinPairTranslator.inputs(nd, rows);
      assertArrayEquals(new long[] {2, 12}, in.get(0).getShape().getShape());
      // row 0 markers at 1, 5, 10; row 1 at 1, 4, 7, offset by the padded width 12
      assertArrayEquals(new long[] {1, 5, 10, 13, 16, 19}, in.get(2).toLongArray());
      assertEquals(10, in.get(1).get(1).sum().getLong());
      // the full lengths, not the cut pieces' lengths, reach the head
      assertArrayEquals(
          new float[] {(float) Math.log1p(2), (float) Math.log1p(500), 0f, (float) Math.log1p(1)},
          in.get(3).toFloatArray(),
          1e-6f);
    }
  }

  @Test
  void theLengthWeightAddsItsShareOfTheFullLengthDifferenceToEveryLogit() {
    String shortAnswer = "Red.";
    String longAnswer =
        "Blue. "
            + "It is one of the three primary colours of paint, next to red and yellow. "
                .repeat(20);
    try (BuiltinPairModel model =
            BuiltinPairModel.fresh(MiniLmEncoderParityTest.CACHE, SPEC, 3, Device.cpu());
        ModelPairScorer scorer = new ModelPairScorer(model, 8)) {
      PairScorer.PreparedSet set =
          scorer.prepare("Name a primary colour.", List.of(shortAnswer, longAnswer));
      List<CandidatePair> pairs = List.of(new CandidatePair(0, 1), new CandidatePair(1, 0));
      double[] without = set.logits(pairs);
      model.setLengthWeight(0.5f);
      double[] with = set.logits(pairs);
      int shortTokens = model.encoder().encode(shortAnswer).length;
      int longTokens = model.encoder().encode(longAnswer).length;
      assertTrue(
          longTokens > SPEC.maxTotalLength(), "the long answer must be cut, or this tests nothing");
      double expected = 0.5 * (Math.log1p(shortTokens) - Math.log1p(longTokens));
      assertEquals(without[0] + expected, with[0], 1e-4);
      assertEquals(without[1] - expected, with[1], 1e-4);
    }
  }

  @Test
  void weightsSavedBeforeTheLengthWeightExistedLoadWithItAtZero() throws Exception {
    Path file = tmp.resolve("old.safetensors");
    try (BuiltinPairModel model =
        BuiltinPairModel.fresh(MiniLmEncoderParityTest.CACHE, SPEC, 11, Device.cpu())) {
      model.setLengthWeight(0.7f);
      model.save(file);
    }
    SafeTensors.Contents saved = SafeTensors.read(file);
    java.util.Map<String, OnnxGraph.Tensor> older = new java.util.LinkedHashMap<>(saved.tensors());
    assertEquals(0.7f, older.remove("head.length.weight").data()[0], 1e-6f);
    SafeTensors.write(file, older, saved.metadata());
    try (BuiltinPairModel model =
        BuiltinPairModel.load(MiniLmEncoderParityTest.CACHE, file, Device.cpu())) {
      assertEquals(0f, model.lengthWeight());
    }
  }

  @Test
  void savedWeightsHoldOnlyTheTrainedPartsAndReloadToTheSameLogits() throws Exception {
    Path file = tmp.resolve("ranker.safetensors");
    double[] before;
    try (BuiltinPairModel model =
        BuiltinPairModel.fresh(MiniLmEncoderParityTest.CACHE, SPEC, 11, Device.cpu())) {
      before = logits(model);
      model.save(file);
      assertEquals(MiniLmEncoder.layerParameterNames(5).size() + 5, model.trainable().size());
    }
    SafeTensors.Contents saved = SafeTensors.read(file);
    assertTrue(
        saved.tensors().keySet().stream()
            .allMatch(n -> n.startsWith("head.") || n.startsWith("encoder.layer.5.")));
    assertTrue(
        Files.size(file) < 9_000_000,
        "one layer and the head must stay small: " + Files.size(file));
    try (BuiltinPairModel model =
        BuiltinPairModel.load(MiniLmEncoderParityTest.CACHE, file, Device.cpu())) {
      assertEquals(SPEC, model.spec());
      assertArrayEquals(before, logits(model), 1e-6);
    }
  }

  @Test
  void aPairsLogitDoesNotDependOnThePaddingItsBatchNeeds() {
    try (BuiltinPairModel model =
            BuiltinPairModel.fresh(MiniLmEncoderParityTest.CACHE, SPEC, 3, Device.cpu());
        ModelPairScorer scorer = new ModelPairScorer(model, 8)) {
      PairScorer.PreparedSet set =
          scorer.prepare(
              "Name a primary colour.",
              List.of(
                  "Red.",
                  "Blue is one of the three primary colours of paint, next to red and yellow."));
      double alone = set.logits(List.of(new CandidatePair(0, 0)))[0];
      double padded = set.logits(List.of(new CandidatePair(0, 0), new CandidatePair(1, 1)))[0];
      assertEquals(alone, padded, 1e-5);
    }
  }

  private static double[] logits(BuiltinPairModel model) {
    try (ModelPairScorer scorer = new ModelPairScorer(model, 4)) {
      PairScorer.PreparedSet set =
          scorer.prepare(
              "Name a primary colour.",
              List.of(
                  "Red is a primary colour.",
                  "Bananas are yellow and tasty, but this does not answer."));
      List<CandidatePair> pairs =
          new ArrayList<>(List.of(new CandidatePair(0, 1), new CandidatePair(1, 0)));
      pairs.add(new CandidatePair(0, 1));
      pairs.add(new CandidatePair(1, 0));
      return set.logits(pairs);
    }
  }
}

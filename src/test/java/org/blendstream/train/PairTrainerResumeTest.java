package org.blendstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.blendstream.IntegrationTest;
import org.blendstream.model.DjlRuntime;
import org.blendstream.model.builtin.BuiltinPairModel;
import org.blendstream.model.builtin.BuiltinSpec;
import org.blendstream.model.builtin.OnnxGraph;
import org.blendstream.model.builtin.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny configuration on the bundled sample: an interrupted and resumed run ends where an
 * uninterrupted one does.
 */
@IntegrationTest
class PairTrainerResumeTest {

  static final Path BASE_CACHE = Path.of("target", "builtin-cache");

  @TempDir Path tmp;

  @Test
  void interruptedRunResumesToTheSameWeightsAsAnUninterruptedOne() throws Exception {
    DjlRuntime.init();
    Path data = tmp.resolve("sample.jsonl.gz");
    try (InputStream in = getClass().getResourceAsStream("/samples/alpacaeval-sample.jsonl.gz")) {
      Files.copy(in, data);
    }
    Path straight = tmp.resolve("straight");
    Path resumed = tmp.resolve("resumed");

    String straightLog = train(options(data, straight, 0));
    String firstHalf = train(options(data, resumed, 2));
    String secondHalf = train(options(data, resumed, 0));

    assertTrue(straightLog.contains("step 4/4"), straightLog);
    assertTrue(straightLog.contains("length weight"), straightLog);
    assertTrue(
        !secondHalf.contains("length weight"),
        "a resumed run keeps its trained length weight: " + secondHalf);
    assertTrue(firstHalf.contains("step 2/4") && !firstHalf.contains("step 3/4"), firstHalf);
    assertTrue(secondHalf.contains("resuming from step 2"), secondHalf);
    assertTrue(secondHalf.contains("step 4/4"), secondHalf);

    SafeTensors.Contents a = SafeTensors.read(straight.resolve(PairTrainer.FINAL_FILE));
    SafeTensors.Contents b = SafeTensors.read(resumed.resolve(PairTrainer.FINAL_FILE));
    assertEquals(a.tensors().keySet(), b.tensors().keySet());
    assertEquals("4", b.metadata().get("steps"));
    for (String name : a.tensors().keySet()) {
      assertArrayEquals(a.tensors().get(name).data(), b.tensors().get(name).data(), 1e-5f, name);
    }
    // and training moved the weights away from where they started, in the head and in the
    // fine-tuned layer
    Path initial = tmp.resolve("initial.safetensors");
    try (BuiltinPairModel fresh =
        BuiltinPairModel.fresh(
            BASE_CACHE,
            new BuiltinSpec("builtin-minilm-pairranker-5", 16, 48, 1),
            5,
            Device.cpu())) {
      fresh.save(initial);
    }
    SafeTensors.Contents start = SafeTensors.read(initial);
    // the length weight starts from its fit on length alone, which on judged answers is clearly
    // positive
    assertTrue(
        a.tensors().get("head.length.weight").data()[0] > 0.1f,
        "length weight did not start from its fit");
    for (String name :
        List.of("head.dense.weight", "encoder.layer.5.attention.self.query.weight")) {
      assertTrue(
          maxDifference(start.tensors().get(name), a.tensors().get(name)) > 1e-6,
          name + " did not move");
    }
  }

  private static double maxDifference(OnnxGraph.Tensor x, OnnxGraph.Tensor y) {
    double max = 0;
    for (int i = 0; i < x.data().length; i++) {
      max = Math.max(max, Math.abs(x.data()[i] - y.data()[i]));
    }
    return max;
  }

  private TrainingOptions options(Path data, Path out, int stepsThisRun) {
    return new TrainingOptions(
        data,
        null,
        List.of("alpaca-7b", "vicuna-13b", "wizardlm-13b"),
        out,
        BASE_CACHE,
        "all",
        16,
        48,
        1,
        2,
        4,
        1e-4,
        1e-3,
        0.01,
        0.25,
        0.1,
        5,
        0,
        0,
        1,
        0,
        stepsThisRun,
        null,
        "builtin-minilm-pairranker-5");
  }

  private static String train(TrainingOptions options) throws Exception {
    StringWriter text = new StringWriter();
    try (PrintWriter log = new PrintWriter(text)) {
      new PairTrainer(options, log).run();
    }
    return text.toString();
  }
}

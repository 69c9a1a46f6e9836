package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.blendstream.IntegrationTest;
import org.blendstream.model.builtin.BuiltinPairModel;
import org.blendstream.model.builtin.SafeTensors;
import org.blendstream.rank.CandidatePair;
import org.blendstream.rank.ModelPairScorer;
import org.blendstream.rank.PairScorer;
import org.blendstream.train.PairTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train-ranker} on a tiny budget: stop part way, resume, and the weights it writes load as a
 * ranker.
 */
@IntegrationTest
class TrainRankerCommandTest {

  /**
   * The built-in tests' cache (as in RankCommandTest), so the base converts once per build and not
   * into $HOME.
   */
  private static final Path MODEL_CACHE = Path.of("target", "builtin-cache");

  @TempDir Path tmp;

  @Test
  void stopsAfterTheStepsOfThisRunResumesToTheLastStepAndWritesWeightsThatRank() throws Exception {
    Path data = tmp.resolve("sample.jsonl.gz");
    try (InputStream in = getClass().getResourceAsStream("/samples/alpacaeval-sample.jsonl.gz")) {
      Files.copy(in, data);
    }
    Path out = tmp.resolve("run");
    String[] args = {
      "train-ranker",
      "--data",
      data.toString(),
      "--pool",
      "alpaca-7b,vicuna-13b,wizardlm-13b",
      "--out",
      out.toString(),
      "--model-cache-dir",
      MODEL_CACHE.toString(),
      "--source-max-length",
      "16",
      "--max-length",
      "48",
      "--train-layers",
      "1",
      "--batch-size",
      "2",
      "--max-steps",
      "4",
      "--dev-every",
      "0",
      "--checkpoint-every",
      "1",
      "--version-name",
      "builtin-cli-test-1"
    };

    Cli.Result first = Cli.run(concat(args, "--steps-this-run", "2"));
    assertEquals(0, first.code(), first.toString());
    assertTrue(first.err().contains("step 2/4") && !first.err().contains("step 3/4"), first.err());
    Path weights = out.resolve(PairTrainer.FINAL_FILE);
    assertEquals(
        "2",
        SafeTensors.read(weights).metadata().get("steps"),
        "a stopped run writes its weights so far");

    Cli.Result second = Cli.run(args);
    assertEquals(0, second.code(), second.toString());
    assertTrue(second.err().contains("resuming from step 2"), second.err());
    assertTrue(second.err().contains("step 4/4"), second.err());
    assertEquals("4", SafeTensors.read(weights).metadata().get("steps"));

    try (BuiltinPairModel model = BuiltinPairModel.load(MODEL_CACHE, weights, Device.cpu());
        ModelPairScorer scorer = new ModelPairScorer(model, 2)) {
      assertEquals("builtin-cli-test-1", scorer.version());
      PairScorer.PreparedSet set =
          scorer.prepare("Name a colour.", List.of("Blue.", "I cannot say."));
      double[] logits = set.logits(List.of(new CandidatePair(0, 1), new CandidatePair(1, 0)));
      assertEquals(2, logits.length);
      assertTrue(
          Double.isFinite(logits[0]) && Double.isFinite(logits[1]), logits[0] + ", " + logits[1]);
    }
  }

  @Test
  void unknownTrainModelsValueIsBadInput() {
    Cli.Result r =
        Cli.run(
            "train-ranker",
            "--data",
            "x.jsonl",
            "--pool",
            "a",
            "--out",
            tmp.toString(),
            "--train-models",
            "some");
    assertEquals(ErrorHandler.BAD_INPUT, r.code(), r.toString());
    assertEquals("error: --train-models must be pool or all", r.err().strip());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

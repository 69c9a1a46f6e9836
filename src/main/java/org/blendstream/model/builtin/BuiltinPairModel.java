package org.blendstream.model.builtin;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.model.DjlRuntime;
import org.blendstream.model.PairModel;
import org.blendstream.model.PairRow;
import org.blendstream.model.PairSequenceLayout;
import org.blendstream.model.PairTextEncoder;

/**
 * The built-in ranker loaded on the PyTorch engine: MiniLM base weights (converted from the Maven
 * artifact and cached under the data directory) with the fine-tuned top layers and head laid over
 * them. The same object serves inference (through {@link #newPredictor()}) and training (its
 * parameters below the fine-tuned layers are frozen).
 */
public final class BuiltinPairModel implements PairModel, AutoCloseable {

  /** The ranker name outputs carry, and the {@code ranker} config value that selects this model. */
  public static final String RANKER_NAME = "builtin";

  /** The fine-tuned weights that ship inside the jar. */
  public static final String SHIPPED_RESOURCE = "/builtin-ranker/builtin-ranker.safetensors";

  private final Model model;
  private final BuiltinPairNet net;
  private final BuiltinSpec spec;
  private final PairTextEncoder encoder;
  private final Device device;

  private BuiltinPairModel(
      Model model, BuiltinPairNet net, BuiltinSpec spec, PairTextEncoder encoder, Device device) {
    this.model = model;
    this.net = net;
    this.spec = spec;
    this.encoder = encoder;
    this.device = device;
  }

  /**
   * The ranker that ships with blendstream, for inference only: no parameter requires a gradient,
   * so a forward pass on a thread where autograd is on (PyTorch's grad mode is per thread, and
   * stream threads never had it turned off) records no graph and keeps no activations. {@code
   * baseCache} holds (or receives) the converted base weights.
   */
  public static BuiltinPairModel shipped(Path baseCache, Device device) {
    try (InputStream in = BuiltinPairModel.class.getResourceAsStream(SHIPPED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the built-in ranker's weights " + SHIPPED_RESOURCE + " are not on the classpath");
      }
      SafeTensors.Contents shipped = SafeTensors.read(in);
      return build(
          baseCache,
          BuiltinSpec.fromMetadata(shipped.metadata()),
          shipped.tensors(),
          0L,
          device,
          false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SHIPPED_RESOURCE, e);
    }
  }

  /**
   * Fine-tuned weights from a file written by {@link #save(Path)} (a training checkpoint or a
   * release).
   */
  public static BuiltinPairModel load(Path baseCache, Path fineTuned, Device device) {
    return load(baseCache, read(fineTuned), device);
  }

  public static BuiltinPairModel load(
      Path baseCache, SafeTensors.Contents fineTuned, Device device) {
    BuiltinSpec spec = BuiltinSpec.fromMetadata(fineTuned.metadata());
    return build(baseCache, spec, fineTuned.tensors(), 0L, device, true);
  }

  /**
   * Continues from earlier fine-tuned weights under a new spec (a new version string, say); the
   * spec must train the same layers the weights hold.
   */
  public static BuiltinPairModel continued(
      Path baseCache, BuiltinSpec spec, Path fineTuned, Device device) {
    return build(baseCache, spec, read(fineTuned).tensors(), 0L, device, true);
  }

  private static SafeTensors.Contents read(Path fineTuned) {
    try {
      return SafeTensors.read(fineTuned);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read built-in ranker weights " + fineTuned.toAbsolutePath(), e);
    }
  }

  /** The base encoder with a freshly initialized head: where training starts. */
  public static BuiltinPairModel fresh(Path baseCache, BuiltinSpec spec, long seed, Device device) {
    return build(baseCache, spec, Map.of(), seed, device, true);
  }

  private static BuiltinPairModel build(
      Path baseCache,
      BuiltinSpec spec,
      Map<String, OnnxGraph.Tensor> tuned,
      long seed,
      Device device,
      boolean trainable) {
    tuned
        .keySet()
        .forEach(
            name -> {
              if (!spec.trains(name)) {
                throw new IllegalArgumentException(
                    "fine-tuned file has " + name + ", which its spec does not train");
              }
            });
    Model model = Model.newInstance("builtin-ranker", device, "PyTorch");
    try {
      BuiltinPairNet net = new BuiltinPairNet();
      NDManager nd = model.getNDManager();
      // Base layers that the fine-tuned file replaces are not read at all.
      Map<String, NDArray> weights =
          MiniLmBase.arrays(baseCache, nd, name -> !tuned.containsKey(name));
      tuned.forEach(
          (name, t) -> {
            if (!name.startsWith("head.")) {
              weights.put(name, nd.create(t.data(), new Shape(t.dims())));
            }
          });
      net.encoder().load(weights);
      if (tuned.containsKey(BuiltinPairNet.HEAD_DENSE + ".weight")) {
        net.namedParameters()
            .forEach(
                (name, p) -> {
                  OnnxGraph.Tensor t = tuned.get(name);
                  if (name.startsWith("head.") && t != null) {
                    p.setArray(nd.create(t.data(), new Shape(t.dims())));
                  }
                });
        if (!tuned.containsKey(BuiltinPairNet.HEAD_LENGTH)) {
          net.setLengthWeight(model.getNDManager(), 0f);
        }
      } else {
        net.initHead(model.getNDManager(), seed);
      }
      net.namedParameters().forEach((name, p) -> p.freeze(!trainable || !spec.trains(name)));
      model.setBlock(net);
      PairTextEncoder encoder = new PairTextEncoder(MiniLmBase.tokenizer(), BuiltinSpec.SEPARATOR);
      return new BuiltinPairModel(model, net, spec, encoder, device);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Writes only the fine-tuned parameters, with the spec as metadata; the base weights are never
   * written.
   */
  public void save(Path file) {
    save(file, Map.of());
  }

  public void save(Path file, Map<String, String> extraMetadata) {
    Map<String, OnnxGraph.Tensor> out = new LinkedHashMap<>();
    trainable()
        .forEach(
            (name, p) ->
                out.put(
                    name,
                    new OnnxGraph.Tensor(
                        p.getArray().getShape().getShape(), p.getArray().toFloatArray())));
    Map<String, String> meta = new LinkedHashMap<>(spec.metadata());
    meta.putAll(extraMetadata);
    try {
      SafeTensors.write(file, out, meta);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file.toAbsolutePath(), e);
    }
  }

  /** The head's weight on the candidates' length feature. */
  public float lengthWeight() {
    return net.namedParameters().get(BuiltinPairNet.HEAD_LENGTH).getArray().getFloat(0);
  }

  public void setLengthWeight(float weight) {
    net.setLengthWeight(model.getNDManager(), weight);
  }

  /** The parameters training updates, by name. */
  public Map<String, Parameter> trainable() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    net.namedParameters()
        .forEach(
            (name, p) -> {
              if (spec.trains(name)) {
                out.put(name, p);
              }
            });
    return out;
  }

  public Model model() {
    return model;
  }

  public BuiltinSpec spec() {
    return spec;
  }

  @Override
  public PairTextEncoder encoder() {
    return encoder;
  }

  @Override
  public PairSequenceLayout layout() {
    return spec.layout();
  }

  @Override
  public Predictor<List<PairRow>, float[]> newPredictor() {
    return model.newPredictor(new BuiltinPairTranslator(), device);
  }

  @Override
  public String rankerName() {
    return RANKER_NAME;
  }

  @Override
  public String version() {
    return spec.version();
  }

  @Override
  public String deviceName() {
    return DjlRuntime.deviceName(device);
  }

  @Override
  public String dtype() {
    return "float32";
  }

  @Override
  public String describe() {
    return "built-in ranker " + spec.version();
  }

  @Override
  public void close() {
    model.close();
    encoder.close();
  }
}

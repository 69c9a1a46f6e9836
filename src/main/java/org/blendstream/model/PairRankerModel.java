package org.blendstream.model;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Path;
import java.util.List;

/**
 * A loaded PairRanker model directory: the TorchScript module on its device, the tokenizer and the
 * pair layout. The weights are loaded once and shared; each stream thread takes its own {@link
 * #newPredictor()}, because a DJL predictor is not thread-safe.
 */
public final class PairRankerModel implements PairModel {

  private final ModelDirectory dir;
  private final Device device;
  private final ZooModel<NDList, NDList> model;
  private final PairTextEncoder encoder;
  private final PairSequenceLayout layout;
  private final long padId;

  private PairRankerModel(
      ModelDirectory dir,
      Device device,
      ZooModel<NDList, NDList> model,
      PairTextEncoder encoder,
      PairSequenceLayout layout,
      long padId) {
    this.dir = dir;
    this.device = device;
    this.model = model;
    this.encoder = encoder;
    this.layout = layout;
    this.padId = padId;
  }

  /**
   * Opens and validates the directory, then loads tokenizer and module. Any problem, including a
   * manifest without the special tokens or lengths the layout needs, is a {@link
   * ModelDirectoryException} naming the path.
   */
  public static PairRankerModel load(Path path, Device device) {
    ModelDirectory dir = ModelDirectory.open(path, ModelManifest.KIND_PAIRRANKER);
    ModelManifest m = dir.manifest();
    PairSequenceLayout layout;
    long padId;
    String separator;
    try {
      layout = PairSequenceLayout.of(m);
      padId = m.tokenId("pad");
      separator = m.specialTokens().get("sep").token();
    } catch (IllegalArgumentException e) {
      throw new ModelDirectoryException(path, e.getMessage(), e);
    }
    PairTextEncoder encoder = new PairTextEncoder(dir.tokenizer(), separator);
    try {
      return new PairRankerModel(dir, device, dir.loadTorchScript(device), encoder, layout, padId);
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  @Override
  public Predictor<List<PairRow>, float[]> newPredictor() {
    return model.newPredictor(new PairBatchTranslator(padId), device);
  }

  @Override
  public PairTextEncoder encoder() {
    return encoder;
  }

  @Override
  public PairSequenceLayout layout() {
    return layout;
  }

  public ModelManifest manifest() {
    return dir.manifest();
  }

  public Path path() {
    return dir.path();
  }

  @Override
  public String version() {
    return dir.manifest().version();
  }

  @Override
  public String describe() {
    return dir.path().toString();
  }

  @Override
  public String deviceName() {
    return DjlRuntime.deviceName(device);
  }

  /** The weights' dtype as exported; a float16 export is how a model runs in fp16 on a GPU. */
  @Override
  public String dtype() {
    return dir.manifest().dtypeOrFloat32();
  }

  @Override
  public void close() {
    model.close();
    encoder.close();
  }
}

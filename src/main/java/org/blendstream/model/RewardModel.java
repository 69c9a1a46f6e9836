package org.blendstream.model;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Path;
import java.util.List;
import org.blendstream.model.chat.ChatMessage;

/**
 * A loaded reward model directory (kind {@code reward}): the TorchScript module on its device and
 * the encoder its {@code input_format} names. The weights are loaded once and shared; each stream
 * thread takes its own {@link #newPredictor()}, because a DJL predictor is not thread-safe.
 */
public final class RewardModel implements AutoCloseable {

  private final ModelDirectory dir;
  private final Device device;
  private final ZooModel<NDList, NDList> model;
  private final RewardEncoder encoder;
  private final long padId;

  private RewardModel(
      ModelDirectory dir,
      Device device,
      ZooModel<NDList, NDList> model,
      RewardEncoder encoder,
      long padId) {
    this.dir = dir;
    this.device = device;
    this.model = model;
    this.encoder = encoder;
    this.padId = padId;
  }

  /** {@code device} as configured ({@code auto}, {@code cpu}, {@code gpu:N}). */
  public static RewardModel load(Path path, String device) {
    return load(path, DjlRuntime.device(device));
  }

  /**
   * Opens and validates the directory, then loads the encoder and the module. A manifest without
   * its input format, lengths, pad token or template, or a template that cannot render a
   * conversation, is a {@link ModelDirectoryException} naming the path, before any weights load.
   */
  public static RewardModel load(Path path, Device device) {
    ModelDirectory dir = ModelDirectory.open(path, ModelManifest.KIND_REWARD);
    ModelManifest m = dir.manifest();
    long padId;
    try {
      padId = m.tokenId("pad");
      if (m.maxLength() == null || m.maxLength() < 2) {
        throw new IllegalArgumentException(
            ModelDirectory.MANIFEST_FILE + " needs max_length of at least 2, not " + m.maxLength());
      }
    } catch (IllegalArgumentException e) {
      throw new ModelDirectoryException(path, e.getMessage(), e);
    }
    RewardEncoder encoder = encoder(dir);
    try {
      return new RewardModel(dir, device, dir.loadTorchScript(device), encoder, padId);
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  private static RewardEncoder encoder(ModelDirectory dir) {
    ModelManifest m = dir.manifest();
    String format = m.inputFormat();
    if (ModelManifest.INPUT_TEXT_PAIR.equals(format)) {
      return new TextPairEncoder(dir.pairTokenizer(m.maxLength()));
    }
    if (!ModelManifest.INPUT_CHAT_TEMPLATE.equals(format)) {
      throw new ModelDirectoryException(
          dir.path(),
          ModelDirectory.MANIFEST_FILE
              + " has input_format '"
              + format
              + "'; a reward model reads "
              + ModelManifest.INPUT_CHAT_TEMPLATE
              + " or "
              + ModelManifest.INPUT_TEXT_PAIR);
    }
    if (m.keepLast() == null) {
      throw new ModelDirectoryException(
          dir.path(), ModelDirectory.MANIFEST_FILE + " has no keep_last");
    }
    ChatTemplate template;
    try {
      template = ChatTemplate.of(m.chatTemplate(), m.templateVariables());
      // A template that cannot render a plain exchange would fail every set; say so at startup
      // instead.
      template.render(
          List.of(
              new ChatMessage(ChatMessage.USER, "q"), new ChatMessage(ChatMessage.ASSISTANT, "a")));
    } catch (IllegalArgumentException e) {
      throw new ModelDirectoryException(
          dir.path(), ModelDirectory.MANIFEST_FILE + ": chat_template: " + e.getMessage(), e);
    }
    var tokenizer = dir.tokenizer();
    try {
      return new ChatTemplateEncoder(template, tokenizer, m.maxLength(), m.keepLast());
    } catch (IllegalArgumentException e) {
      tokenizer.close();
      throw new ModelDirectoryException(
          dir.path(), ModelDirectory.MANIFEST_FILE + ": " + e.getMessage(), e);
    }
  }

  public Predictor<List<long[]>, float[]> newPredictor() {
    return model.newPredictor(new RewardBatchTranslator(padId), device);
  }

  public RewardEncoder encoder() {
    return encoder;
  }

  public ModelManifest manifest() {
    return dir.manifest();
  }

  public String version() {
    return dir.manifest().version();
  }

  public String describe() {
    return dir.path().toString();
  }

  public String deviceName() {
    return DjlRuntime.deviceName(device);
  }

  public String dtype() {
    return dir.manifest().dtypeOrFloat32();
  }

  @Override
  public void close() {
    model.close();
    encoder.close();
  }
}

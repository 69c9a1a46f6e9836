package org.blendstream.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Hugging Face tokenizers as blendstream opens them: without their own special tokens, truncation or padding,
 * because the pair layout and the fusion input add the markers and apply the length budgets themselves.
 */
public final class Tokenizers {

  private static final Map<String, String> RAW =
      Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

  private Tokenizers() {}

  public static HuggingFaceTokenizer raw(Path tokenizerJson) throws IOException {
    return HuggingFaceTokenizer.newInstance(tokenizerJson, RAW);
  }

  public static HuggingFaceTokenizer raw(InputStream tokenizerJson) throws IOException {
    return HuggingFaceTokenizer.newInstance(tokenizerJson, RAW);
  }
}

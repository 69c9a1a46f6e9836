package org.blendstream.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Hugging Face tokenizers as blendstream opens them: without their own special tokens, truncation
 * or padding, because the pair layout, the fusion input and chat templates add the markers and
 * apply the length budgets themselves; only text pairs of an encoder reward model use the
 * tokenizer's own pair layout and truncation.
 */
public final class Tokenizers {

  private static final Map<String, String> RAW =
      Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

  private Tokenizers() {}

  public static HuggingFaceTokenizer raw(Path tokenizerJson) throws IOException {
    return HuggingFaceTokenizer.newInstance(tokenizerJson, RAW);
  }

  /**
   * With the tokenizer's own special tokens and longest_first truncation: text pairs of encoder
   * reward models.
   */
  public static HuggingFaceTokenizer pairs(Path tokenizerJson, int maxLength) throws IOException {
    return HuggingFaceTokenizer.builder()
        .optTokenizerPath(tokenizerJson)
        .optAddSpecialTokens(true)
        .optTruncation(true)
        .optMaxLength(maxLength)
        .optPadding(false)
        .build();
  }

  public static HuggingFaceTokenizer raw(InputStream tokenizerJson) throws IOException {
    return HuggingFaceTokenizer.newInstance(tokenizerJson, RAW);
  }
}

package org.blendstream.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/**
 * Text to token ids without special tokens; the layout adds those. A literal separator token in the
 * text is replaced by a space first, as PairRM does, so that user text cannot forge a piece
 * boundary.
 */
public final class PairTextEncoder implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;
  private final String separator;

  public PairTextEncoder(HuggingFaceTokenizer tokenizer, String separator) {
    this.tokenizer = tokenizer;
    this.separator = separator;
  }

  public long[] encode(String text) {
    String clean = separator == null || separator.isEmpty() ? text : text.replace(separator, " ");
    return tokenizer.encode(clean, false, false).getIds();
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}

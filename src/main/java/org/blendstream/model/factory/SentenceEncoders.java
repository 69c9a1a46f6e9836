package org.blendstream.model.factory;

import java.nio.file.Path;
import org.blendstream.model.DjlRuntime;
import org.blendstream.model.SentenceEncoder;
import org.blendstream.model.builtin.MiniLmSentenceEncoder;

/**
 * The sentence encoders a signal can embed with, so that the ranking stage never depends on how one
 * is built.
 */
public final class SentenceEncoders {

  private SentenceEncoders() {}

  /**
   * all-MiniLM-L6-v2 as sentence-transformers runs it (mean pooling, L2 normalisation, 256
   * wordpieces), from the same base weights as the built-in ranker, converted once and cached in
   * {@code cacheDir}.
   */
  public static SentenceEncoder minilm(Path cacheDir, String device) {
    return MiniLmSentenceEncoder.load(cacheDir, DjlRuntime.device(device));
  }
}

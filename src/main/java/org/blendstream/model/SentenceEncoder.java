package org.blendstream.model;

import java.util.List;

/**
 * Texts to unit-length sentence embeddings, one row per text in input order; the cosine of two
 * texts is the dot product of their rows. Implementations are safe to share between threads and
 * batch internally.
 */
public interface SentenceEncoder extends AutoCloseable {

  float[][] embed(List<String> texts);

  /** Names the weights, for the version an output carries. */
  String version();

  @Override
  default void close() {}
}

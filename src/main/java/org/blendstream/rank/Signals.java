package org.blendstream.rank;

import java.nio.file.Path;
import java.util.List;
import org.blendstream.model.SentenceEncoder;
import org.blendstream.model.factory.SentenceEncoders;

/**
 * Opens the training-free signals by name: one place for the stream's rankers, evaluation and
 * fitting. A signal that reads a model shares one encoder, loaded on first use and freed when this
 * closes; the encoder is safe to share between stream threads.
 */
public final class Signals implements AutoCloseable {

  private final Path modelCache;
  private final String device;
  private SentenceEncoder encoder;

  /**
   * {@code modelCache} is where a model's converted base weights are cached ({@code
   * model.cache.dir}).
   */
  public Signals(Path modelCache, String device) {
    this.modelCache = modelCache;
    this.device = device;
  }

  public static List<String> trainingFree() {
    return List.of(BoundedLength.NAME, LexicalConsensus.NAME, EmbeddingConsensus.NAME);
  }

  public synchronized CandidateSignal open(String name) {
    return switch (name) {
      case BoundedLength.NAME -> new BoundedLength();
      case LexicalConsensus.NAME -> new LexicalConsensus();
      case EmbeddingConsensus.NAME -> new EmbeddingConsensus(encoder());
      default ->
          throw new IllegalArgumentException(
              "unknown signal '" + name + "'; choose one of " + trainingFree());
    };
  }

  /** What the outputs name as the version of a signal ranker. */
  public String version(String name) {
    return name.equals(EmbeddingConsensus.NAME) ? encoder().version() : "1";
  }

  private synchronized SentenceEncoder encoder() {
    if (encoder == null) {
      encoder = SentenceEncoders.minilm(modelCache, device);
    }
    return encoder;
  }

  @Override
  public synchronized void close() {
    if (encoder != null) {
      try {
        encoder.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot free the sentence encoder", e);
      }
      encoder = null;
    }
  }
}

package org.blendstream.rank;

import java.nio.file.Path;
import java.util.List;

/** The training-free signals by name: one place that the stream's rankers, evaluation and fitting all open them. */
public final class Signals {

  private Signals() {}

  public static List<String> trainingFree() {
    return List.of(BoundedLength.NAME, LexicalConsensus.NAME);
  }

  /** {@code modelCache} is where signals that read a model find its converted weights ({@code model.cache.dir}). */
  public static CandidateSignal open(String name, Path modelCache) {
    return switch (name) {
      case BoundedLength.NAME -> new BoundedLength();
      case LexicalConsensus.NAME -> new LexicalConsensus();
      default -> throw new IllegalArgumentException("unknown signal '" + name + "'; choose one of " + trainingFree());
    };
  }
}

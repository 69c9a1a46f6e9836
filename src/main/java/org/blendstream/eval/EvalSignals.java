package org.blendstream.eval;

import java.nio.file.Path;
import java.util.List;
import org.blendstream.rank.BoundedLength;
import org.blendstream.rank.CandidateSignal;
import org.blendstream.rank.LexicalConsensus;

/** The training-free signals an evaluation can open by name. */
public final class EvalSignals {

  private EvalSignals() {}

  public static List<String> names() {
    return List.of(BoundedLength.NAME, LexicalConsensus.NAME);
  }

  public static CandidateSignal open(String name, Path modelCache) {
    return switch (name) {
      case BoundedLength.NAME -> new BoundedLength();
      case LexicalConsensus.NAME -> new LexicalConsensus();
      default -> throw new IllegalArgumentException("unknown signal '" + name + "'; choose one of " + names());
    };
  }
}

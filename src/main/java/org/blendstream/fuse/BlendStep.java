package org.blendstream.fuse;

import org.blendstream.emit.Blend;
import org.blendstream.rank.RankedSet;

/** Turns a ranked set into the final answer: select the best, or fuse the top K with a fallback chain. */
public interface BlendStep extends AutoCloseable {

  Blend apply(RankedSet ranked);

  @Override
  default void close() {}

  /** Selection only: the best-ranked candidate, with no fusion attempted. */
  static BlendStep selectBest() {
    return ranked -> Blend.select(ranked, null, null);
  }
}

package org.blendstream.rank;

import org.blendstream.BlendConfig;

/**
 * How a set's pairs go through a pair model: {@code size} pairs per forward pass, and whether the pairs are first
 * ordered by length. Each batch is padded to its longest row, so batching similar lengths together wastes less of
 * every forward pass on padding; arrival order is kept only to measure that against.
 */
public record Batching(int size, boolean byLength) {

  public Batching {
    if (size < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, not " + size);
    }
  }

  public static Batching bySize(int size) {
    return new Batching(size, true);
  }

  public static Batching of(BlendConfig config) {
    return new Batching(config.rankerBatchSize(), config.rankerBatchByLength());
  }
}

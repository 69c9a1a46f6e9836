package org.blendstream.rank;

import org.blendstream.BlendConfig;

/**
 * Which of a set's pairs go through a pair model, and how: {@code size} pairs per forward pass,
 * whether the pairs are first ordered by length, whether pairs of identical texts are scored once
 * ({@code dedup}: exact, the same ids give the same logit), and whether each unordered pair is
 * scored once with M[j][i] = −M[i][j] ({@code symmetric}: an approximation that halves a full
 * matrix, since the model's logit flips its sign on a swap only up to its position bias). Each
 * batch is padded to its longest row, so batching similar lengths together wastes less of every
 * forward pass on padding; arrival order is kept only to measure that against.
 */
public record Batching(int size, boolean byLength, boolean dedup, boolean symmetric) {

  public Batching {
    if (size < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, not " + size);
    }
  }

  /** Every requested pair scored as asked (duplicates deduplicated, which changes no logit). */
  public Batching(int size, boolean byLength) {
    this(size, byLength, true, false);
  }

  public static Batching bySize(int size) {
    return new Batching(size, true);
  }

  public Batching withDedup(boolean on) {
    return new Batching(size, byLength, on, symmetric);
  }

  public Batching withSymmetric(boolean on) {
    return new Batching(size, byLength, dedup, on);
  }

  public static Batching of(BlendConfig config) {
    return new Batching(
        config.rankerBatchSize(),
        config.rankerBatchByLength(),
        config.rankerDedup(),
        config.rankerSymmetric());
  }
}

package org.blendstream.model.builtin;

import java.util.Random;
import java.util.function.IntUnaryOperator;

/** Random token ids and their attention mask for a batch whose rows are padded to one length. */
record PaddedTokens(long[] ids, long[] mask, int rows, int length) {

  /** Row r has {@code real.applyAsInt(r)} real tokens, then padding. */
  static PaddedTokens random(int rows, int length, IntUnaryOperator real, Random random) {
    long[] ids = new long[rows * length];
    long[] mask = new long[rows * length];
    for (int r = 0; r < rows; r++) {
      int tokens = real.applyAsInt(r);
      for (int t = 0; t < length; t++) {
        ids[r * length + t] = t < tokens ? 1000 + random.nextInt(20000) : 0;
        mask[r * length + t] = t < tokens ? 1 : 0;
      }
    }
    return new PaddedTokens(ids, mask, rows, length);
  }
}

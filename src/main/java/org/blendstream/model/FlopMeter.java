package org.blendstream.model;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the floating-point operations of the encoder forward passes this process ran, from their
 * shapes (the multiply-adds of the dense layers and of attention, each counted as 2). It lets
 * {@code bench} put a model's cost per set next to its time, and compare strategies whose passes
 * differ in number and length.
 */
public final class FlopMeter {

  private static final LongAdder FLOPS = new LongAdder();

  private FlopMeter() {}

  /**
   * One BERT layer whose keys and values cover {@code length} tokens a row and whose queries,
   * output projection and feed-forward only {@code queries} of them (all of them but in a pair
   * model's last layer).
   */
  public static void addEncoderLayer(int hidden, int ffn, long batch, long queries, long length) {
    long keyValue = 2L * batch * length * 2L * hidden * hidden;
    long perQuery = 2L * batch * queries * (2L * hidden * hidden + 2L * hidden * ffn);
    long attention = 2L * 2L * batch * queries * length * hidden;
    FLOPS.add(keyValue + perQuery + attention);
  }

  public static long total() {
    return FLOPS.sum();
  }
}

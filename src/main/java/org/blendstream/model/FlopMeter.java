package org.blendstream.model;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the floating-point operations of the encoder forward passes this process ran, from their shapes (the
 * multiply-adds of the dense layers and of attention, each counted as 2). It lets {@code bench} put a model's
 * cost per set next to its time, and compare strategies whose passes differ in number and length.
 */
public final class FlopMeter {

  private static final LongAdder FLOPS = new LongAdder();

  private FlopMeter() {}

  /** One pass of a BERT-shaped encoder over {@code batch} rows of {@code length} tokens (padding included). */
  public static void addEncoderPass(int layers, int hidden, int ffn, long batch, long length) {
    long tokens = batch * length;
    long dense = 2L * tokens * (4L * hidden * hidden + 2L * hidden * ffn);
    long attention = 2L * 2L * batch * length * length * hidden;
    FLOPS.add(layers * (dense + attention));
  }

  public static long total() {
    return FLOPS.sum();
  }
}

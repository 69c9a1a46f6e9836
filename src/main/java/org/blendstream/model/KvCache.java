package org.blendstream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The decoder's key/value cache as the TorchScript module passes it around: self-attention keys and
 * values {@code [layers, 2, batch, heads, t, head_dim]} growing by one position per step, and
 * cross-attention keys and values {@code [layers, 2, batch, heads, source_len, head_dim]} computed
 * once on the first step. Both are empty before the first step, which tells the module to start
 * from scratch.
 */
public record KvCache(NDArray self, NDArray cross) {

  public static KvCache empty(NDManager manager) {
    return new KvCache(
        manager.zeros(new Shape(0), DataType.FLOAT32),
        manager.zeros(new Shape(0), DataType.FLOAT32));
  }

  public boolean isEmpty() {
    return self.getShape().size() == 0;
  }

  /**
   * The self-attention cache with batch rows taken in the given order, as beam search needs after
   * it picks which beams survive. The cross-attention cache is left alone: surviving beams always
   * come from the same request, and all beams of a request share the same encoder output.
   */
  public KvCache reorderRows(NDArray rows) {
    if (isEmpty()) {
      return this;
    }
    return new KvCache(self.get(new NDIndex(":, :, {}", rows)), cross);
  }

  /** Moves both tensors under {@code owner}, so they outlive the scope they were made in. */
  public KvCache keepIn(NDManager owner) {
    self.attach(owner);
    cross.attach(owner);
    return this;
  }

  /**
   * Frees both tensors' handles; a tensor still referenced by a newer cache stays alive natively.
   */
  public void close() {
    self.close();
    cross.close();
  }

  /**
   * Frees the self-attention tensor only, when the cross-attention one was carried over unchanged.
   */
  public void closeSelf() {
    self.close();
  }
}

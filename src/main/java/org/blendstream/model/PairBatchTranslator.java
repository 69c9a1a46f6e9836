package org.blendstream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.List;

/**
 * A batch of pair sequences in, one logit per pair out. Rows are right-padded to the longest row of
 * this batch with an attention mask of 0, so padding never changes a logit. The model's contract is
 * {@code forward(input_ids int64[B,L], attention_mask int64[B,L]) -> logits[B]}; arrays live in the
 * per-call manager DJL closes after each prediction.
 */
public final class PairBatchTranslator implements NoBatchifyTranslator<List<PairRow>, float[]> {

  private final long padId;

  public PairBatchTranslator(long padId) {
    this.padId = padId;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, List<PairRow> rows) {
    return padded(ctx.getNDManager(), rows.stream().map(PairRow::ids).toList(), padId);
  }

  /**
   * Ids and mask of the rows, right-padded to the longest; the trainer builds its batches the same
   * way.
   */
  public static NDList padded(NDManager nd, List<long[]> rows, long padId) {
    int width = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    long[] ids = new long[rows.size() * width];
    long[] mask = new long[rows.size() * width];
    for (int r = 0; r < rows.size(); r++) {
      long[] row = rows.get(r);
      int base = r * width;
      for (int t = 0; t < width; t++) {
        boolean real = t < row.length;
        ids[base + t] = real ? row[t] : padId;
        mask[base + t] = real ? 1 : 0;
      }
    }
    Shape shape = new Shape(rows.size(), width);
    return new NDList(nd.create(ids, shape), nd.create(mask, shape));
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList out) {
    // fp16 models answer in half precision; callers always get float32.
    NDArray logits = out.get(0);
    return logits.toType(DataType.FLOAT32, false).toFloatArray();
  }
}

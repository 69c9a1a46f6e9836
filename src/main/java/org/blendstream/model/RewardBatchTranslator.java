package org.blendstream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.List;

/**
 * A batch of (conversation, candidate) sequences in, one reward per row out. Rows are right-padded
 * to the longest of the batch with mask 0, laid out as the pair models' ({@link
 * PairBatchTranslator#padded}); the module reads each row's last real token itself. The contract is
 * {@code forward(input_ids int64[B,L], attention_mask int64[B,L]) -> float32[B]}.
 */
public final class RewardBatchTranslator implements NoBatchifyTranslator<List<long[]>, float[]> {

  private final long padId;

  public RewardBatchTranslator(long padId) {
    this.padId = padId;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, List<long[]> rows) {
    return PairBatchTranslator.padded(ctx.getNDManager(), rows, padId);
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList out) {
    // An export with a trailing label axis ([B, 1]) reads the same; half-precision models answer in
    // float32.
    NDArray rewards = out.get(0);
    return rewards.toType(DataType.FLOAT32, false).toFloatArray();
  }
}

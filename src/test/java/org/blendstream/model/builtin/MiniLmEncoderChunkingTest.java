package org.blendstream.model.builtin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.blendstream.model.DjlRuntime;
import org.junit.jupiter.api.Test;

/**
 * Attention and feed-forward computed a few rows at a time must give each row what it gets alone in
 * a batch of one.
 */
class MiniLmEncoderChunkingTest {

  @Test
  void longBatchSplitIntoAttentionChunksMatchesEachRowAlone() {
    DjlRuntime.init();
    int rows = 5;
    int length = 512;
    assertTrue(
        MiniLmEncoder.attentionRows(length, length) < rows,
        "the batch must be long enough to be split");
    assertTrue(rows * length > MiniLmEncoder.FFN_TOKENS, "the feed-forward must be split too");
    // Different padding per row.
    PaddedTokens tokens = PaddedTokens.random(rows, length, r -> length - 97 * r, new Random(5));
    long[] ids = tokens.ids();
    long[] mask = tokens.mask();
    try (Model model = Model.newInstance("minilm", Device.cpu(), "PyTorch")) {
      MiniLmEncoder encoder = new MiniLmEncoder();
      encoder.load(
          MiniLmBase.arrays(MiniLmEncoderParityTest.CACHE, model.getNDManager(), name -> true));
      model.setBlock(encoder);
      try (NDManager nd = model.getNDManager().newSubManager()) {
        float[] batched =
            encoder
                .forward(
                    new ParameterStore(nd, false),
                    new NDList(
                        nd.create(ids, new Shape(rows, length)),
                        nd.create(mask, new Shape(rows, length))),
                    false)
                .singletonOrThrow()
                .toFloatArray();
        double maxError = 0;
        for (int r = 0; r < rows; r++) {
          long[] rowIds = java.util.Arrays.copyOfRange(ids, r * length, (r + 1) * length);
          long[] rowMask = java.util.Arrays.copyOfRange(mask, r * length, (r + 1) * length);
          float[] alone =
              encoder
                  .forward(
                      new ParameterStore(nd, false),
                      new NDList(
                          nd.create(rowIds, new Shape(1, length)),
                          nd.create(rowMask, new Shape(1, length))),
                      false)
                  .singletonOrThrow()
                  .toFloatArray();
          for (int k = 0; k < alone.length; k++) {
            if (rowMask[k / MiniLmEncoder.HIDDEN] == 1) {
              maxError = Math.max(maxError, Math.abs(alone[k] - batched[r * alone.length + k]));
            }
          }
        }
        assertTrue(maxError < 1e-4, "max error " + maxError);
      }
    }
  }
}

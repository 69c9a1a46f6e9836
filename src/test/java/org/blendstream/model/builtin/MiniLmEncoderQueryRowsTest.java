package org.blendstream.model.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.blendstream.model.DjlRuntime;
import org.junit.jupiter.api.Test;

/**
 * A last layer that computes only the rows a pair head reads (queries, output projection and
 * feed-forward at three markers, keys and values from every token) must give those rows what the
 * whole layer gives them.
 */
class MiniLmEncoderQueryRowsTest {

  @Test
  void onlyTheRequestedRowsMatchTheFullOutputAtThoseRows() {
    DjlRuntime.init();
    int batch = 4;
    int length = 96;
    Random random = new Random(11);
    PaddedTokens tokens = PaddedTokens.random(batch, length, r -> length - 13 * r, random);
    long[] ids = tokens.ids();
    long[] mask = tokens.mask();
    long[] rows = new long[batch * 3];
    for (int r = 0; r < batch; r++) {
      int real = length - 13 * r;
      rows[3 * r] = (long) r * length;
      rows[3 * r + 1] = (long) r * length + 1 + random.nextInt(real / 2);
      rows[3 * r + 2] = (long) r * length + real / 2 + random.nextInt(real / 2);
    }
    try (Model model = Model.newInstance("minilm", Device.cpu(), "PyTorch")) {
      MiniLmEncoder encoder = new MiniLmEncoder();
      encoder.load(
          MiniLmBase.arrays(MiniLmEncoderParityTest.CACHE, model.getNDManager(), name -> true));
      model.setBlock(encoder);
      try (NDManager nd = model.getNDManager().newSubManager()) {
        NDArray idArray = nd.create(ids, new Shape(batch, length));
        NDArray maskArray = nd.create(mask, new Shape(batch, length));
        float[] full =
            encoder
                .forward(new ParameterStore(nd, false), new NDList(idArray, maskArray), false)
                .singletonOrThrow()
                .toFloatArray();
        NDArray selected =
            encoder
                .forward(
                    new ParameterStore(nd, false),
                    new NDList(idArray, maskArray, nd.create(rows, new Shape(batch, 3))),
                    false)
                .singletonOrThrow();
        assertArrayEquals(
            new long[] {batch, 3, MiniLmEncoder.HIDDEN}, selected.getShape().getShape());
        float[] got = selected.toFloatArray();
        double maxError = 0;
        for (int i = 0; i < rows.length; i++) {
          for (int h = 0; h < MiniLmEncoder.HIDDEN; h++) {
            maxError =
                Math.max(
                    maxError,
                    Math.abs(
                        full[(int) rows[i] * MiniLmEncoder.HIDDEN + h]
                            - got[i * MiniLmEncoder.HIDDEN + h]));
          }
        }
        assertTrue(maxError < 1e-4, "max error " + maxError);
      }
    }
  }
}

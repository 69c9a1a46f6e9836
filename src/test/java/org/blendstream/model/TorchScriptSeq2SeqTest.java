package org.blendstream.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TorchScriptSeq2SeqTest {

  static final Path FIXTURE = Path.of("src/test/resources/fixtures/fuser-tiny");

  @Test
  void callsExportedEncodeAndDecodeStepByNameOffline() {
    ModelDirectory dir = ModelDirectory.open(FIXTURE, ModelManifest.KIND_FUSER);
    try (TorchScriptSeq2Seq model = TorchScriptSeq2Seq.load(dir, Device.cpu());
        NDManager manager = model.newManager()) {
      NDArray ids = manager.create(new long[][] {{5, 6, 7, 1}, {8, 9, 1, 0}});
      NDArray mask = manager.create(new long[][] {{1, 1, 1, 1}, {1, 1, 1, 0}});
      NDArray hidden = model.encode(ids, mask);
      assertEquals(new Shape(2, 4, 32), hidden.getShape());

      NDArray start = manager.create(new long[][] {{0}, {0}});
      TorchScriptSeq2Seq.Step first = model.decodeStep(start, hidden, mask, KvCache.empty(manager));
      assertEquals(2, first.logits().getShape().get(0));
      assertEquals(1, first.cache().self().getShape().get(4));
      assertEquals(4, first.cache().cross().getShape().get(4));

      TorchScriptSeq2Seq.Step second =
          model.decodeStep(manager.create(new long[][] {{3}, {4}}), hidden, mask, first.cache());
      assertEquals(2, second.cache().self().getShape().get(4));
      // rows swap: the cache of row 1 now sits in row 0, as after a beam reorder
      KvCache swapped = second.cache().reorderRows(manager.create(new long[] {1, 0}));
      assertArrayEquals(
          second.cache().self().get(":, :, 1").toFloatArray(),
          swapped.self().get(":, :, 0").toFloatArray());
    }
  }
}

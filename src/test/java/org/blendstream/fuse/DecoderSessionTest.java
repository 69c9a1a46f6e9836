package org.blendstream.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import java.util.List;
import org.blendstream.model.ModelDirectory;
import org.blendstream.model.ModelManifest;
import org.blendstream.model.TorchScriptSeq2Seq;
import org.junit.jupiter.api.Test;

class DecoderSessionTest {

  @Test
  void nativeArraysStayFlatOverALongGeneration() {
    ModelDirectory dir = ModelDirectory.open(FuserFixture.DIR, ModelManifest.KIND_FUSER);
    long[] input = FuserFixture.cases().get(0).inputIds();
    try (TorchScriptSeq2Seq model = TorchScriptSeq2Seq.load(dir, Device.cpu());
        DecoderSession session = new DecoderSession(model, List.of(input, input), 2, 0, true)) {
      long[][] seqs = {{0}, {0}, {0}, {0}};
      int[] swap = {1, 0, 3, 2};
      int afterFirst = -1;
      for (int step = 0; step < 12; step++) {
        session.next(seqs, true);
        session.reorder(swap);
        for (int r = 0; r < seqs.length; r++) {
          seqs[r] = Decoder.append(seqs[r], 7);
        }
        if (step == 0) {
          afterFirst = session.liveArrays();
        }
      }
      assertEquals(afterFirst, session.liveArrays());
    }
  }
}

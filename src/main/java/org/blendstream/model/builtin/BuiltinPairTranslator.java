package org.blendstream.model.builtin;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.List;
import org.blendstream.model.PairBatchTranslator;
import org.blendstream.model.PairRow;

/**
 * Pair sequences in, logits out, for {@link BuiltinPairNet}: the padded ids and mask of the shared
 * translator, where the three markers sit, and both candidates' full lengths. A marker is found as
 * the first occurrence of its id: marker ids are {@code [unused*]} vocabulary entries that the
 * tokenizer never produces from text.
 */
public final class BuiltinPairTranslator implements NoBatchifyTranslator<List<PairRow>, float[]> {

  @Override
  public NDList processInput(TranslatorContext ctx, List<PairRow> rows) {
    return inputs(ctx.getNDManager(), rows);
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList out) {
    return out.get(0).toType(DataType.FLOAT32, false).toFloatArray();
  }

  /** The net's inputs for a batch of pair sequences; training builds its batches here too. */
  public static NDList inputs(NDManager nd, List<PairRow> rows) {
    NDList padded =
        PairBatchTranslator.padded(nd, rows.stream().map(PairRow::ids).toList(), BuiltinSpec.PAD);
    int width = rows.stream().mapToInt(r -> r.ids().length).max().orElse(0);
    long[] markers = new long[rows.size() * 3];
    float[] lengths = new float[rows.size() * 2];
    long[] ids = {
      BuiltinSpec.SOURCE_MARKER, BuiltinSpec.CANDIDATE1_MARKER, BuiltinSpec.CANDIDATE2_MARKER
    };
    for (int r = 0; r < rows.size(); r++) {
      PairRow row = rows.get(r);
      for (int m = 0; m < 3; m++) {
        markers[r * 3 + m] = (long) r * width + indexOf(row.ids(), ids[m]);
      }
      lengths[r * 2] = BuiltinPairNet.lengthFeature(row.firstTokens());
      lengths[r * 2 + 1] = BuiltinPairNet.lengthFeature(row.secondTokens());
    }
    padded.add(nd.create(markers, new Shape(rows.size(), 3)));
    padded.add(nd.create(lengths, new Shape(rows.size(), 2)));
    return padded;
  }

  private static int indexOf(long[] row, long id) {
    for (int t = 0; t < row.length; t++) {
      if (row[t] == id) {
        return t;
      }
    }
    throw new IllegalArgumentException("pair sequence has no marker token " + id);
  }
}

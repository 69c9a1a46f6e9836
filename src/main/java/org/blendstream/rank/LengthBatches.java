package org.blendstream.rank;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Rows through a model in batches of {@link Batching#size()}, ordered by length first when {@link
 * Batching#byLength()} says so (each batch is padded to its own longest row, so similar lengths
 * waste less of a pass); one number per row comes back in the rows' own order. Pair models and
 * reward models batch the same way.
 */
final class LengthBatches {

  private LengthBatches() {}

  static <T> double[] score(
      List<T> rows,
      ToIntFunction<T> length,
      Batching batching,
      Function<List<T>, float[]> pass,
      String model) {
    Integer[] order = new Integer[rows.size()];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    if (batching.byLength()) {
      Arrays.sort(order, Comparator.comparingInt(k -> length.applyAsInt(rows.get(k))));
    }
    double[] out = new double[rows.size()];
    for (int from = 0; from < order.length; from += batching.size()) {
      int to = Math.min(order.length, from + batching.size());
      List<T> batch = new ArrayList<>(to - from);
      for (int k = from; k < to; k++) {
        batch.add(rows.get(order[k]));
      }
      float[] scores = pass.apply(batch);
      if (scores.length != batch.size()) {
        throw new IllegalStateException(
            model
                + " returned "
                + scores.length
                + " scores for "
                + batch.size()
                + " rows; expected one per row");
      }
      for (int k = 0; k < scores.length; k++) {
        out[order[from + k]] = scores[k];
      }
    }
    return out;
  }
}

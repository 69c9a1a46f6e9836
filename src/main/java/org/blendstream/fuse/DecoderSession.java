package org.blendstream.fuse;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;
import java.util.List;
import org.blendstream.model.KvCache;
import org.blendstream.model.TorchScriptSeq2Seq;

/**
 * One batched generation over a seq2seq module: the inputs are encoded once, each input's encoder
 * output is shared by its {@code rowsPerInput} decoder rows (the beams), and every step feeds one
 * token per row.
 *
 * <p>Native memory is scoped: the session owns one sub-manager for the encoder output and the live
 * cache, and each step runs under its own sub-manager, closed at the end of the step. Only the new
 * cache outlives the step, so memory stays flat over a long generation instead of keeping every
 * step's cache.
 */
final class DecoderSession implements AutoCloseable {

  private final TorchScriptSeq2Seq model;
  private final boolean useCache;
  private final NDManager manager;
  private final NDArray encoderHidden;
  private final NDArray encoderMask;
  private final int rows;
  private KvCache cache;

  DecoderSession(
      TorchScriptSeq2Seq model,
      List<long[]> inputs,
      int rowsPerInput,
      int padTokenId,
      boolean useCache) {
    this.model = model;
    this.useCache = useCache;
    this.manager = model.newManager();
    this.rows = inputs.size() * rowsPerInput;
    try {
      int maxLen = inputs.stream().mapToInt(a -> a.length).max().orElseThrow();
      long[][] ids = new long[inputs.size()][maxLen];
      long[][] mask = new long[inputs.size()][maxLen];
      for (int i = 0; i < inputs.size(); i++) {
        long[] in = inputs.get(i);
        for (int t = 0; t < maxLen; t++) {
          ids[i][t] = t < in.length ? in[t] : padTokenId;
          mask[i][t] = t < in.length ? 1 : 0;
        }
      }
      NDArray idsArray = manager.create(ids);
      NDArray maskArray = manager.create(mask);
      NDArray hidden = model.encode(idsArray, maskArray);
      if (rowsPerInput == 1) {
        encoderHidden = hidden;
        encoderMask = maskArray;
      } else {
        // Beams of one input read the same encoder output: encode once, then index it per row.
        long[] source = new long[rows];
        for (int r = 0; r < rows; r++) {
          source[r] = r / rowsPerInput;
        }
        NDArray sourceRows = manager.create(source);
        encoderHidden = hidden.get(new NDIndex("{}", sourceRows));
        encoderMask = maskArray.get(new NDIndex("{}", sourceRows));
      }
      cache = KvCache.empty(manager);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  int rows() {
    return rows;
  }

  /**
   * Runs the decoder over the current sequences (each starting with the decoder start token) and
   * returns the scores of the next token per row: raw logits, or log-probabilities for beam search.
   * With the cache, only the last token of each row is fed; without it, the whole prefix is
   * recomputed.
   */
  float[][] next(long[][] sequences, boolean logProbabilities) {
    try (NDManager step = manager.newSubManager()) {
      NDArray tokens;
      KvCache past;
      if (useCache) {
        long[][] last = new long[sequences.length][1];
        for (int r = 0; r < sequences.length; r++) {
          last[r][0] = sequences[r][sequences[r].length - 1];
        }
        tokens = step.create(last);
        past = cache;
      } else {
        tokens = step.create(sequences);
        past = KvCache.empty(step);
      }
      TorchScriptSeq2Seq.Step out = model.decodeStep(tokens, encoderHidden, encoderMask, past);
      NDArray last = out.logits().get(new NDIndex(":, -1, :"));
      if (logProbabilities) {
        last = last.logSoftmax(-1);
      }
      float[] flat = last.toFloatArray();
      if (useCache) {
        KvCache previous = cache;
        cache = out.cache().keepIn(manager);
        previous.close();
      }
      int vocab = (int) last.getShape().get(1);
      float[][] scores = new float[sequences.length][];
      for (int r = 0; r < sequences.length; r++) {
        scores[r] = Arrays.copyOfRange(flat, r * vocab, (r + 1) * vocab);
      }
      return scores;
    }
  }

  /**
   * Makes row {@code r} continue from row {@code sourceRows[r]}'s cache, after beam search's pick.
   */
  void reorder(int[] sourceRows) {
    if (!useCache || cache.isEmpty()) {
      return;
    }
    try (NDManager step = manager.newSubManager()) {
      long[] idx = new long[sourceRows.length];
      for (int r = 0; r < idx.length; r++) {
        idx[r] = sourceRows[r];
      }
      KvCache previous = cache;
      cache = cache.reorderRows(step.create(idx)).keepIn(manager);
      previous.closeSelf();
    }
  }

  /** Native arrays this session holds now; flat across steps when per-step memory is released. */
  int liveArrays() {
    return ((BaseNDManager) manager).getManagedArrays().size();
  }

  @Override
  public void close() {
    manager.close();
  }
}

package org.blendstream.rank;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.model.PairModel;
import org.blendstream.model.PairPieces;
import org.blendstream.model.PairRow;

/**
 * Scores pairs with a pairwise model (the TorchScript PairRanker or the built-in ranker). Each set
 * is tokenized once (source once, each candidate once) and every pair's ids are assembled from
 * those cached pieces; pairs go through the model in batches (by default of similar lengths), each
 * padded only to its own longest row. Owns one predictor, so one instance per stream thread; the
 * model itself may be shared.
 */
public final class ModelPairScorer implements PairScorer {

  private final PairModel model;
  private final Predictor<List<PairRow>, float[]> predictor;
  private final Batching batching;
  private long rowsScored;

  public ModelPairScorer(PairModel model, int batchSize) {
    this(model, Batching.bySize(batchSize));
  }

  public ModelPairScorer(PairModel model, Batching batching) {
    this.model = model;
    this.predictor = model.newPredictor();
    this.batching = batching;
  }

  @Override
  public PreparedSet prepare(String source, List<String> candidates) {
    return new Prepared(PairPieces.of(model.encoder(), model.layout(), source, candidates));
  }

  /**
   * Logits of already assembled sequences, batched; the parity test feeds golden ids through here.
   */
  public double[] logitsOfSequences(List<PairRow> sequences) {
    rowsScored += sequences.size();
    return LengthBatches.score(
        sequences,
        row -> row.ids().length,
        batching,
        batch -> {
          try {
            return predictor.predict(batch);
          } catch (TranslateException e) {
            throw new IllegalStateException(
                "pair model forward pass failed on " + model.describe(), e);
          }
        },
        model.describe());
  }

  /**
   * Pair sequences this scorer has sent through the model: what dedup and symmetric save shows
   * here.
   */
  public long rowsScored() {
    return rowsScored;
  }

  @Override
  public String rankerName() {
    return model.rankerName();
  }

  @Override
  public String version() {
    return model.version();
  }

  @Override
  public String device() {
    return model.deviceName();
  }

  @Override
  public String dtype() {
    return model.dtype();
  }

  @Override
  public void close() {
    predictor.close();
  }

  private final class Prepared implements PreparedSet {
    private final PairPieces pieces;

    Prepared(PairPieces pieces) {
      this.pieces = pieces;
    }

    @Override
    public int size() {
      return pieces.size();
    }

    /**
     * Each distinct sequence goes through the model once: with dedup, pairs are named by their
     * texts' first occurrence, so a pair of copies reuses the original's logit; with symmetric, (j,
     * i) is read off (i, j), negated, and a pair of identical texts is 0.
     */
    @Override
    public double[] logits(List<CandidatePair> pairs) {
      int n = pieces.size();
      Map<Long, Integer> slotOf = new HashMap<>();
      List<PairRow> sequences = new ArrayList<>(pairs.size());
      int[] slot = new int[pairs.size()];
      double[] sign = new double[pairs.size()];
      for (int k = 0; k < pairs.size(); k++) {
        CandidatePair p = pairs.get(k);
        int a = batching.dedup() ? pieces.canonical(p.first()) : p.first();
        int b = batching.dedup() ? pieces.canonical(p.second()) : p.second();
        sign[k] = 1;
        if (batching.symmetric() && pieces.canonical(p.first()) == pieces.canonical(p.second())) {
          sign[k] = 0;
        } else if (batching.symmetric() && a > b) {
          int t = a;
          a = b;
          b = t;
          sign[k] = -1;
        }
        // Without dedup every requested pair is its own slot, even a repeated one, as before.
        long key = batching.dedup() || batching.symmetric() ? (long) a * n + b : -1 - k;
        int ka = a;
        int kb = b;
        slot[k] =
            slotOf.computeIfAbsent(
                key,
                x -> {
                  sequences.add(pieces.sequence(ka, kb));
                  return sequences.size() - 1;
                });
      }
      double[] scored = logitsOfSequences(sequences);
      double[] out = new double[pairs.size()];
      for (int k = 0; k < out.length; k++) {
        out[k] = sign[k] == 0 ? 0 : sign[k] * scored[slot[k]];
      }
      return out;
    }
  }
}

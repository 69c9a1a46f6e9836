package org.blendstream.rank;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.util.ArrayList;
import java.util.List;
import org.blendstream.model.PairModel;
import org.blendstream.model.PairSequenceLayout;
import org.blendstream.model.PairTextEncoder;

/**
 * Scores pairs with a pairwise model (the TorchScript PairRanker or the built-in ranker). Each set is tokenized once (source once, each candidate once)
 * and every pair's ids are assembled from those cached pieces; pairs go through the model in batches of
 * {@code batchSize}, each padded only to its own longest row. Owns one predictor, so one instance per
 * stream thread; the model itself may be shared.
 */
public final class ModelPairScorer implements PairScorer {

  private final PairModel model;
  private final Predictor<List<long[]>, float[]> predictor;
  private final int batchSize;

  public ModelPairScorer(PairModel model, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
    }
    this.model = model;
    this.predictor = model.newPredictor();
    this.batchSize = batchSize;
  }

  @Override
  public PreparedSet prepare(String source, List<String> candidates) {
    PairTextEncoder encoder = model.encoder();
    PairSequenceLayout layout = model.layout();
    long[] sourcePiece = layout.sourcePiece(encoder.encode(source));
    int budget = layout.candidateBudget(sourcePiece);
    int n = candidates.size();
    long[][] asFirst = new long[n][];
    long[][] asSecond = new long[n][];
    for (int i = 0; i < n; i++) {
      long[] ids = encoder.encode(candidates.get(i));
      asFirst[i] = layout.candidate1Piece(ids, budget);
      asSecond[i] = layout.candidate2Piece(ids, budget);
    }
    return new Prepared(sourcePiece, asFirst, asSecond);
  }

  /** Logits of already assembled sequences, batched; the parity test feeds golden ids through here. */
  public double[] logitsOfSequences(List<long[]> sequences) {
    double[] out = new double[sequences.size()];
    for (int from = 0; from < sequences.size(); from += batchSize) {
      List<long[]> batch = sequences.subList(from, Math.min(sequences.size(), from + batchSize));
      float[] logits;
      try {
        logits = predictor.predict(new ArrayList<>(batch));
      } catch (TranslateException e) {
        throw new IllegalStateException("pair model forward pass failed on " + model.describe(), e);
      }
      if (logits.length != batch.size()) {
        throw new IllegalStateException(model.describe() + " returned " + logits.length
            + " logits for " + batch.size() + " pairs; expected one per pair");
      }
      for (int k = 0; k < logits.length; k++) {
        out[from + k] = logits[k];
      }
    }
    return out;
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
    private final long[] source;
    private final long[][] asFirst;
    private final long[][] asSecond;

    Prepared(long[] source, long[][] asFirst, long[][] asSecond) {
      this.source = source;
      this.asFirst = asFirst;
      this.asSecond = asSecond;
    }

    @Override
    public int size() {
      return asFirst.length;
    }

    @Override
    public double[] logits(List<CandidatePair> pairs) {
      List<long[]> sequences = new ArrayList<>(pairs.size());
      for (CandidatePair p : pairs) {
        sequences.add(PairSequenceLayout.concat(source, asFirst[p.first()], asSecond[p.second()]));
      }
      return logitsOfSequences(sequences);
    }
  }
}

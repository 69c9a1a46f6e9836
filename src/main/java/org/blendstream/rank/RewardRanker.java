package org.blendstream.rank;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankerInfo;
import org.blendstream.model.RewardModel;
import org.blendstream.model.chat.ChatMessage;

/**
 * Ranks by a scalar reward model: one pass per distinct candidate text (N per set, against a pair
 * model's N(N−1)), the reward is the score, higher is better, and there is no comparison matrix.
 * Owns one predictor, so one instance per stream thread; the model itself may be shared.
 */
public final class RewardRanker implements Ranker {

  public static final String NAME = "reward";

  private final RewardModel model;
  private final Predictor<List<long[]>, float[]> predictor;
  private final Batching batching;
  private final AutoCloseable owned;
  private long rowsScored;

  /** {@code owned} is closed with the ranker (a model this ranker alone uses); may be null. */
  public RewardRanker(RewardModel model, Batching batching, AutoCloseable owned) {
    this.model = model;
    this.predictor = model.newPredictor();
    this.batching = batching;
    this.owned = owned;
  }

  @Override
  public Ranking rank(CandidateSet set) {
    List<Candidate> candidates = set.getCandidates();
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException(
          "candidate set " + set.getRequestId() + " has no candidates");
    }
    List<String> texts = candidates.stream().map(Candidate::getText).toList();
    double[] scores = rewards(RewardConversation.of(set.getRequest()), texts);
    return Ranking.byScores(
        candidates.stream().map(Candidate::getModel).toList(),
        Ranking.emptyMatrix(candidates.size()),
        scores,
        true,
        null);
  }

  /**
   * One reward per answer, in order; with dedup an answer that repeats an earlier text reuses its
   * reward (exact).
   */
  public double[] rewards(List<ChatMessage> conversation, List<String> answers) {
    Map<String, Integer> rowOf = new HashMap<>();
    List<long[]> rows = new ArrayList<>();
    int[] row = new int[answers.size()];
    for (int i = 0; i < answers.size(); i++) {
      String text = answers.get(i);
      Integer known = batching.dedup() ? rowOf.get(text) : null;
      if (known == null) {
        known = rows.size();
        rows.add(model.encoder().encode(conversation, text));
        rowOf.put(text, known);
      }
      row[i] = known;
    }
    double[] scored = rewardsOfSequences(rows);
    double[] out = new double[answers.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = scored[row[i]];
    }
    return out;
  }

  /**
   * Rewards of already encoded sequences, batched; the parity test feeds golden ids through here.
   */
  public double[] rewardsOfSequences(List<long[]> sequences) {
    rowsScored += sequences.size();
    return LengthBatches.score(
        sequences,
        ids -> ids.length,
        batching,
        batch -> {
          try {
            return predictor.predict(batch);
          } catch (TranslateException e) {
            throw new IllegalStateException(
                "reward model forward pass failed on " + model.describe(), e);
          }
        },
        model.describe());
  }

  /** Sequences this ranker has sent through the model: what dedup saves shows here. */
  public long rowsScored() {
    return rowsScored;
  }

  @Override
  public RankerInfo info() {
    return RankerInfo.newBuilder()
        .setName(NAME)
        .setVersion(model.version())
        .setDevice(model.deviceName())
        .setDtype(model.dtype())
        .build();
  }

  @Override
  public void close() {
    try {
      predictor.close();
    } finally {
      if (owned != null) {
        try {
          owned.close();
        } catch (Exception e) {
          throw new IllegalStateException("closing the reward model failed", e);
        }
      }
    }
  }
}

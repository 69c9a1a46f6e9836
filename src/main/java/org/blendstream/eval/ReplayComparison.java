package org.blendstream.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.blendstream.avro.BlendMode;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankedModel;
import org.blendstream.avro.RankerInfo;
import org.blendstream.rank.LexicalConsensus;

/**
 * Joins a replay's answers with the recorded ones by request id: how often the same model was
 * selected, how well the two orders agree (Spearman), which selections changed, and, where the
 * request says how good an answer is, by how much the quality moved. This is how a new ranker is
 * audited on real traffic before it is deployed.
 *
 * <p>Quality comes from the candidate set: the judge's score of each candidate when the producer
 * put it in the candidate's metadata ({@value #JUDGE_SCORE}, as {@code produce} does from a judged
 * file), else ROUGE-1 F1 of the answer text against the request's {@code reference} (which also
 * covers fused answers, which have no judge score).
 */
public final class ReplayComparison {

  /** Candidate metadata key holding a judge's score of that answer, higher is better. */
  public static final String JUDGE_SCORE = "judge.win";

  /** The metric names a row can carry. */
  public static final String JUDGE_METRIC = "judge win";

  public static final String REFERENCE_METRIC = "ROUGE-1 F1 vs reference";

  /**
   * One request in both the recording and the replay. {@code metric} and {@code metricDelta}
   * (replayed minus recorded) are null when the request carries neither judge scores nor a
   * reference.
   */
  public record Row(
      String requestId,
      String recordedModel,
      String replayedModel,
      String metric,
      Double metricDelta) {
    public boolean changed() {
      return !Objects.equals(recordedModel, replayedModel);
    }
  }

  /**
   * The mean quality change over the requests that have the metric, changed and unchanged alike.
   */
  public record MetricDelta(String metric, int requests, double meanDelta) {}

  /**
   * The comparison. {@code rows} holds every request present on both sides, in the replay's order;
   * {@code replayedOnly} counts replayed requests without a recorded answer (the recording may be
   * cut short).
   */
  public record Result(
      int replayed,
      int replayedOnly,
      List<Row> rows,
      double agreement,
      double meanSpearman,
      List<MetricDelta> metrics,
      RankerInfo recordedRanker,
      RankerInfo replayRanker) {

    public int compared() {
      return rows.size();
    }

    public List<Row> changed() {
      return rows.stream().filter(Row::changed).toList();
    }
  }

  private ReplayComparison() {}

  /**
   * {@code sets} gives each request's reference and judge scores; a request without its set still
   * gets a row, without a metric. A request recorded twice (it cannot be, under exactly-once)
   * counts by its first answer.
   */
  public static Result compare(
      List<CandidateSet> sets, List<BlendedResponse> recorded, List<BlendedResponse> replayed) {
    Map<String, BlendedResponse> old = new HashMap<>();
    recorded.forEach(r -> old.putIfAbsent(r.getRequestId(), r));
    Map<String, CandidateSet> setOf = new HashMap<>();
    sets.forEach(s -> setOf.putIfAbsent(s.getRequestId(), s));
    List<Row> rows = new ArrayList<>();
    Map<String, double[]> metricSums = new LinkedHashMap<>();
    int same = 0;
    int ranked = 0;
    double spearmanSum = 0;
    RankerInfo recordedRanker = null;
    RankerInfo replayRanker = null;
    for (BlendedResponse now : replayed) {
      replayRanker = now.getRanker();
      BlendedResponse before = old.get(now.getRequestId());
      if (before == null) {
        continue;
      }
      recordedRanker = before.getRanker();
      Row row = row(setOf.get(now.getRequestId()), before, now);
      rows.add(row);
      same += row.changed() ? 0 : 1;
      if (row.metric() != null) {
        double[] s = metricSums.computeIfAbsent(row.metric(), m -> new double[2]);
        s[0] += row.metricDelta();
        s[1]++;
      }
      if (before.getRanked().size() > 1 && now.getRanked().size() > 1) {
        spearmanSum += spearman(before.getRanked(), now.getRanked());
        ranked++;
      }
    }
    List<MetricDelta> metrics = new ArrayList<>();
    metricSums.forEach((m, s) -> metrics.add(new MetricDelta(m, (int) s[1], s[0] / s[1])));
    return new Result(
        replayed.size(),
        replayed.size() - rows.size(),
        List.copyOf(rows),
        rows.isEmpty() ? 0 : (double) same / rows.size(),
        ranked == 0 ? Double.NaN : spearmanSum / ranked,
        List.copyOf(metrics),
        recordedRanker,
        replayRanker);
  }

  private static Row row(CandidateSet set, BlendedResponse before, BlendedResponse now) {
    String was = before.getSelectedModel();
    String is = now.getSelectedModel();
    if (set != null) {
      Double oldWin = judged(set, before);
      Double newWin = judged(set, now);
      if (oldWin != null && newWin != null) {
        return new Row(now.getRequestId(), was, is, JUDGE_METRIC, newWin - oldWin);
      }
      String reference = set.getRequest().getReference();
      if (reference != null && !reference.isBlank()) {
        return new Row(
            now.getRequestId(),
            was,
            is,
            REFERENCE_METRIC,
            LexicalConsensus.rouge1(now.getText(), reference)
                - LexicalConsensus.rouge1(before.getText(), reference));
      }
    }
    return new Row(now.getRequestId(), was, is, null, null);
  }

  // A judge scored candidates, not generations: a fused answer has no judge score.
  private static Double judged(CandidateSet set, BlendedResponse answer) {
    if (answer.getMode() == BlendMode.FUSED || answer.getSelectedModel() == null) {
      return null;
    }
    for (Candidate c : set.getCandidates()) {
      if (c.getModel().equals(answer.getSelectedModel())) {
        String score = c.getMetadata().get(JUDGE_SCORE);
        try {
          return score == null ? null : Double.valueOf(score);
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return null;
  }

  // Spearman of the replayed ranks against the recorded scores (higher is better), over the models
  // both hold.
  private static double spearman(List<RankedModel> before, List<RankedModel> now) {
    Map<String, Double> old = new HashMap<>();
    before.forEach(r -> old.put(r.getModel(), r.getScore()));
    List<RankedModel> shared = now.stream().filter(r -> old.containsKey(r.getModel())).toList();
    int[] rank = shared.stream().mapToInt(RankedModel::getRank).toArray();
    double[] recordedScore = shared.stream().mapToDouble(r -> old.get(r.getModel())).toArray();
    return RankAgreement.spearman(rank, recordedScore);
  }
}

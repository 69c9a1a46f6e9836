package org.blendstream.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankedModel;
import org.blendstream.avro.RankerInfo;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Ranking;

/**
 * Re-ranks recorded candidate sets with another ranker and compares it with what the pipeline chose:
 * how often the best candidate is the same, and how well the two orders agree (Spearman). This is how a
 * new ranker is audited on real traffic before it is deployed.
 */
public final class ReplayComparison {

  /** The comparison over all recorded sets that have a recorded answer. */
  public record Result(int sets, int compared, double top1Agreement, double meanSpearman, long pairsScored,
                       double seconds, RankerInfo recordedRanker, RankerInfo replayRanker) {}

  private ReplayComparison() {}

  public static Result compare(List<CandidateSet> sets, List<BlendedResponse> recorded, Ranker ranker,
                               Runnable afterEachSet) {
    Map<String, BlendedResponse> byRequest = new HashMap<>();
    recorded.forEach(r -> byRequest.putIfAbsent(r.getRequestId(), r));
    long start = System.nanoTime();
    int compared = 0;
    int sameBest = 0;
    double spearmanSum = 0;
    long pairs = 0;
    RankerInfo recordedRanker = null;
    for (CandidateSet set : sets) {
      Ranking ranking = ranker.rank(set);
      pairs += ranking.comparedPairs();
      BlendedResponse old = byRequest.get(set.getRequestId());
      if (old != null && !old.getRanked().isEmpty()) {
        compared++;
        recordedRanker = old.getRanker();
        if (ranking.models().get(ranking.best()).equals(old.getRanked().get(0).getModel())) {
          sameBest++;
        }
        spearmanSum += RankAgreement.spearman(ranking.ranks(), recordedScores(ranking.models(), old.getRanked()));
      }
      afterEachSet.run();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(sets.size(), compared, compared == 0 ? 0 : (double) sameBest / compared,
        compared == 0 ? 0 : spearmanSum / compared, pairs, seconds, recordedRanker, ranker.info());
  }

  // The recorded scores in the replayed ranking's model order; higher is better on both sides.
  private static double[] recordedScores(List<String> models, List<RankedModel> ranked) {
    Map<String, Double> score = new HashMap<>();
    ranked.forEach(r -> score.put(r.getModel(), r.getScore()));
    return models.stream().mapToDouble(m -> score.getOrDefault(m, Double.NEGATIVE_INFINITY)).toArray();
  }
}

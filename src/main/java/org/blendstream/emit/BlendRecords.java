package org.blendstream.emit;

import java.util.ArrayList;
import java.util.List;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankedModel;
import org.blendstream.avro.RankerInfo;
import org.blendstream.avro.RankingMatrix;
import org.blendstream.avro.Timings;
import org.blendstream.fuse.Blend;
import org.blendstream.rank.Ranking;

/** Turns a {@link Blend} into the two output records, so both always describe the same ranking. */
public final class BlendRecords {

  private BlendRecords() {}

  public static BlendedResponse response(Blend blend) {
    CandidateSet set = blend.ranked().set();
    Ranking ranking = blend.ranked().ranking();
    List<RankedModel> ranked = new ArrayList<>();
    if (ranking != null) {
      int[] ranks = ranking.ranks();
      for (int i : ranking.order()) {
        ranked.add(new RankedModel(ranking.models().get(i), ranking.scores()[i], ranks[i]));
      }
    }
    return BlendedResponse.newBuilder()
        .setRequestId(set.getRequestId())
        .setText(blend.outcome().text())
        .setMode(blend.outcome().mode())
        .setSelectedModel(blend.outcome().selectedModel())
        .setRanked(ranked)
        .setFullRanking(ranking != null && ranking.fullRanking())
        .setTopK(blend.outcome().topK())
        .setRanker(rankerInfo(blend))
        .setFuser(blend.outcome().fuser())
        .setTimings(
            new Timings(
                set.getAssembledAt() - set.getFirstArrivalAt(),
                blend.ranked().rankingMs(),
                blend.outcome().fusionMs()))
        .setComplete(set.getComplete())
        .setMissingModels(set.getMissingModels())
        .setFallbackReason(blend.outcome().fallbackReason())
        .build();
  }

  /** Null when ranking failed: there is no matrix to audit, and the response says why. */
  public static RankingMatrix matrix(Blend blend) {
    Ranking ranking = blend.ranked().ranking();
    if (ranking == null) {
      return null;
    }
    RankerInfo info = rankerInfo(blend);
    return RankingMatrix.newBuilder()
        .setRequestId(blend.ranked().set().getRequestId())
        .setModels(ranking.models())
        .setLogits(ranking.flatMatrix())
        .setAggregation(ranking.aggregation())
        .setScores(java.util.Arrays.stream(ranking.scores()).boxed().toList())
        .setFullRanking(ranking.fullRanking())
        .setRankerName(info.getName())
        .setRankerVersion(info.getVersion())
        .build();
  }

  // The aggregation actually used can differ from the deployment's when the request overrides it.
  private static RankerInfo rankerInfo(Blend blend) {
    RankerInfo info = RankerInfo.newBuilder(blend.ranked().ranker()).build();
    Ranking ranking = blend.ranked().ranking();
    if (ranking != null && ranking.aggregation() != null) {
      info.setAggregation(ranking.aggregation());
    }
    return info;
  }
}

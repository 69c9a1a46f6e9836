package org.blendstream.rank;

import java.util.List;
import java.util.Random;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankerInfo;

/**
 * The papers' random baseline: a uniformly random order, seeded by request id so that it repeats.
 */
public final class RandomRanker implements Ranker {

  public static final String NAME = "random";

  @Override
  public Ranking rank(CandidateSet set) {
    Random random = SeededRandom.forRequest(set.getRequestId(), NAME);
    List<String> models = set.getCandidates().stream().map(Candidate::getModel).toList();
    double[] scores = new double[models.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = random.nextDouble();
    }
    return Ranking.byScores(models, Ranking.emptyMatrix(models.size()), scores, true, null);
  }

  @Override
  public RankerInfo info() {
    return RankerInfo.newBuilder().setName(NAME).setVersion("1").build();
  }
}

package org.blendstream.rank;

import java.util.List;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankerInfo;

/**
 * The length baseline: longer answers rank higher. LLM judges favour length, so this is the
 * baseline a learned ranker must beat to show it judges more than size. Score = length in Unicode
 * code points.
 */
public final class LongestRanker implements Ranker {

  public static final String NAME = "longest";

  @Override
  public Ranking rank(CandidateSet set) {
    List<Candidate> candidates = set.getCandidates();
    double[] scores =
        candidates.stream()
            .mapToDouble(c -> c.getText().codePointCount(0, c.getText().length()))
            .toArray();
    return Ranking.byScores(
        candidates.stream().map(Candidate::getModel).toList(),
        Ranking.emptyMatrix(candidates.size()),
        scores,
        true,
        null);
  }

  @Override
  public RankerInfo info() {
    return RankerInfo.newBuilder().setName(NAME).setVersion("1").build();
  }
}

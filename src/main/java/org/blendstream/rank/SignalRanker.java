package org.blendstream.rank;

import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankerInfo;

/**
 * Ranks by one {@link CandidateSignal}: best score first, no comparison matrix. Closing it closes
 * the signal.
 */
public final class SignalRanker implements Ranker {

  private final CandidateSignal signal;
  private final String version;

  /**
   * {@code version} goes into every output, e.g. the prior file's fit or the embedding base it
   * reads.
   */
  public SignalRanker(CandidateSignal signal, String version) {
    this.signal = signal;
    this.version = version;
  }

  @Override
  public Ranking rank(CandidateSet set) {
    double[] scores = signal.score(set);
    int n = set.getCandidates().size();
    if (scores.length != n) {
      throw new IllegalStateException(
          "signal "
              + signal.name()
              + " gave "
              + scores.length
              + " scores for "
              + n
              + " candidates");
    }
    return Ranking.byScores(
        set.getCandidates().stream().map(Candidate::getModel).toList(),
        Ranking.emptyMatrix(n),
        scores,
        true,
        null);
  }

  @Override
  public LivePrior livePrior() {
    return signal instanceof LivePrior live ? live : null;
  }

  public CandidateSignal signal() {
    return signal;
  }

  @Override
  public RankerInfo info() {
    return RankerInfo.newBuilder().setName(signal.name()).setVersion(version).build();
  }

  @Override
  public void close() {
    signal.close();
  }
}

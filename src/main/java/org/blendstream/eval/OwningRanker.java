package org.blendstream.eval;

import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankerInfo;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Ranking;

/** A ranker that also frees what it was built from (a loaded model) when closed. */
final class OwningRanker implements Ranker {

  private final Ranker ranker;
  private final AutoCloseable owned;

  OwningRanker(Ranker ranker, AutoCloseable owned) {
    this.ranker = ranker;
    this.owned = owned;
  }

  @Override
  public Ranking rank(CandidateSet set) {
    return ranker.rank(set);
  }

  @Override
  public RankerInfo info() {
    return ranker.info();
  }

  @Override
  public void close() {
    try (AutoCloseable o = owned) {
      ranker.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the evaluated ranker failed", e);
    }
  }
}

package org.blendstream.eval;

import java.util.List;
import org.blendstream.rank.CandidateSignal;

public final class HistoryPrior {
  private HistoryPrior() {}

  public static CandidateSignal fit(List<JudgedDataset.Item> history) {
    throw new UnsupportedOperationException("TEMP: waiting for PriorFit");
  }
}

package org.blendstream.eval.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankerInfo;
import org.blendstream.eval.FoldStrategy;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Ranking;

/**
 * Sees the rankings an evaluation makes, for the HTML report: which candidate came first in each
 * set, and the whole ranking of one set (its matrix is the report's heatmap). It wraps the ranker
 * instead of changing what the evaluator returns, so the JSON contract stays as it is.
 */
public final class ReportRecorder {

  private final String setId;
  private final Map<String, Integer> best = new HashMap<>();
  private Ranking shown;
  private String shownId;

  /** {@code setId}: the set whose ranking the report shows; null for the first set ranked. */
  public ReportRecorder(String setId) {
    this.setId = setId;
  }

  public Ranker wrap(Ranker ranker) {
    return new Ranker() {
      @Override
      public Ranking rank(CandidateSet set) {
        Ranking r = ranker.rank(set);
        record(set.getRequestId(), r);
        return r;
      }

      @Override
      public RankerInfo info() {
        return ranker.info();
      }

      @Override
      public void close() {
        ranker.close();
      }
    };
  }

  /** Every ranker the strategy fits, fold by fold, is recorded. */
  public FoldStrategy wrap(FoldStrategy strategy) {
    return FoldStrategy.of(
        strategy.name(),
        strategy.note(),
        (List<JudgedDataset.Item> history) -> wrap(strategy.fit(history)));
  }

  private synchronized void record(String id, Ranking r) {
    best.put(id, r.best());
    if (shown == null && (setId == null || setId.equals(id))) {
      shown = r;
      shownId = id;
    }
  }

  /** Index of the first candidate in the set with that request id, or −1 if it was not ranked. */
  public synchronized int best(String id) {
    return best.getOrDefault(id, -1);
  }

  /** The ranking of the shown set, or null when no set matched. */
  public synchronized Ranking shown() {
    return shown;
  }

  public synchronized String shownId() {
    return shownId;
  }

  public String requestedSet() {
    return setId;
  }
}

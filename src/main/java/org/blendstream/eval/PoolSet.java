package org.blendstream.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.blendstream.avro.CandidateSet;

/**
 * One instruction restricted to a model pool: the candidate set a ranker sees (candidates in pool
 * order) and the judge's {@code win} of each candidate, which the ranker never sees.
 */
public record PoolSet(String id, CandidateSet set, double[] wins) {

  /** The instructions where every pool model has a candidate, so that every set has the same N. */
  public static List<PoolSet> complete(List<JudgedDataset.Item> items, List<String> pool) {
    List<PoolSet> out = new ArrayList<>();
    for (JudgedDataset.Item item : items) {
      Map<String, JudgedDataset.Judged> byModel = item.byModel();
      if (byModel.keySet().containsAll(pool)) {
        out.add(of(item, byModel, pool));
      }
    }
    return out;
  }

  private static PoolSet of(
      JudgedDataset.Item item, Map<String, JudgedDataset.Judged> byModel, List<String> pool) {
    List<String> texts = new ArrayList<>(pool.size());
    double[] wins = new double[pool.size()];
    for (int i = 0; i < pool.size(); i++) {
      JudgedDataset.Judged j = byModel.get(pool.get(i));
      texts.add(j.text());
      wins[i] = j.win();
    }
    return new PoolSet(
        item.id(),
        EvalSets.of(item.id(), item.instruction(), null, item.reference(), pool, texts),
        wins);
  }
}

package org.blendstream.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.blendstream.avro.AssemblyReason;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.Request;

/**
 * One instruction restricted to a model pool: the candidate set a ranker sees (candidates in pool order) and
 * the judge's {@code win} of each candidate, which the ranker never sees.
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

  private static PoolSet of(JudgedDataset.Item item, Map<String, JudgedDataset.Judged> byModel, List<String> pool) {
    // Fixed timestamps: the set must not depend on when the evaluation runs.
    long at = 0L;
    Request request = Request.newBuilder().setRequestId(item.id()).setInstruction(item.instruction())
        .setCreatedAt(at).build();
    List<Candidate> candidates = new ArrayList<>(pool.size());
    double[] wins = new double[pool.size()];
    for (int i = 0; i < pool.size(); i++) {
      JudgedDataset.Judged j = byModel.get(pool.get(i));
      candidates.add(Candidate.newBuilder().setRequestId(item.id()).setModel(j.model()).setText(j.text())
          .setCreatedAt(at).build());
      wins[i] = j.win();
    }
    CandidateSet set = CandidateSet.newBuilder().setRequestId(item.id()).setRequest(request)
        .setCandidates(candidates).setComplete(true).setFirstArrivalAt(at).setAssembledAt(at)
        .setReason(AssemblyReason.ALL_ARRIVED).build();
    return new PoolSet(item.id(), set, wins);
  }
}

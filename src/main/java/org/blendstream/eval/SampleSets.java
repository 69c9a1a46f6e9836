package org.blendstream.eval;

import java.util.ArrayList;
import java.util.List;
import org.blendstream.avro.AssemblyReason;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.Request;
import org.blendstream.ingest.JudgedDataset;

/** Candidate sets built straight from dataset items, so offline tools rank exactly what the stream would. */
public final class SampleSets {

  private SampleSets() {}

  /** The item's candidates from {@code pool}, in pool order; null if a pool model has no answer. */
  public static CandidateSet of(JudgedDataset.Item item, List<String> pool) {
    List<Candidate> candidates = new ArrayList<>();
    for (String model : pool) {
      JudgedDataset.Judged j = item.byModel().get(model);
      if (j == null) {
        return null;
      }
      candidates.add(Candidate.newBuilder().setRequestId(item.id()).setModel(model).setText(j.text())
          .setCreatedAt(0L).build());
    }
    Request request = Request.newBuilder().setRequestId(item.id()).setInstruction(item.instruction())
        .setReference(item.reference()).setExpectedModels(pool).setCreatedAt(0L).build();
    return CandidateSet.newBuilder().setRequestId(item.id()).setRequest(request).setCandidates(candidates)
        .setComplete(true).setFirstArrivalAt(0L).setAssembledAt(0L).setReason(AssemblyReason.ALL_ARRIVED).build();
  }
}

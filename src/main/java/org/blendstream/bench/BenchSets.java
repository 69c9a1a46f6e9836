package org.blendstream.bench;

import java.util.ArrayList;
import java.util.List;
import org.blendstream.avro.AssemblyReason;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.Request;
import org.blendstream.eval.JudgedDataset;

/**
 * Candidate sets of a chosen size for benchmarks. The judged sample has fewer models than the sizes
 * worth timing (12, 16), so a set of N takes its instruction's answers first and then answers to
 * the following instructions: the lengths stay those of real answers, which is what the cost
 * depends on, and no two texts are the same, so nothing is saved by deduplication that real traffic
 * would not save.
 */
public final class BenchSets {

  private BenchSets() {}

  /**
   * {@code count} sets of {@code n} candidates, starting at item {@code first} of {@code items}.
   */
  public static List<CandidateSet> of(List<JudgedDataset.Item> items, int n, int count, int first) {
    List<CandidateSet> sets = new ArrayList<>(count);
    for (int s = 0; s < count; s++) {
      JudgedDataset.Item item = items.get((first + s) % items.size());
      String id = "bench-n" + n + "-" + (first + s);
      List<Candidate> candidates = new ArrayList<>(n);
      for (int k = 0; candidates.size() < n; k++) {
        if (k >= items.size()) {
          throw new IllegalArgumentException("the dataset has too few answers for sets of " + n);
        }
        for (JudgedDataset.Judged j :
            items.get((first + s + k) % items.size()).byModel().values()) {
          if (candidates.size() < n) {
            String model = k == 0 ? j.model() : j.model() + "-other" + k;
            candidates.add(
                Candidate.newBuilder()
                    .setRequestId(id)
                    .setModel(model)
                    .setText(j.text())
                    .setCreatedAt(0L)
                    .build());
          }
        }
      }
      Request request =
          Request.newBuilder()
              .setRequestId(id)
              .setInstruction(item.instruction())
              .setCreatedAt(0L)
              .build();
      sets.add(
          CandidateSet.newBuilder()
              .setRequestId(id)
              .setRequest(request)
              .setCandidates(candidates)
              .setComplete(true)
              .setFirstArrivalAt(0L)
              .setAssembledAt(0L)
              .setReason(AssemblyReason.ALL_ARRIVED)
              .build());
    }
    return sets;
  }
}

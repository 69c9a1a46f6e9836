package org.blendstream.eval;

import java.util.ArrayList;
import java.util.List;
import org.blendstream.avro.AssemblyReason;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.Request;

/**
 * Builds the complete candidate set a ranker sees from an offline item, whatever file format it
 * came from.
 */
final class EvalSets {

  private EvalSets() {}

  /**
   * {@code input} and {@code reference} may be null; candidates keep the given order, which is the
   * matrix order of the ranking. The reference rides in the request, where the stream carries it
   * too, for the text metrics.
   */
  static CandidateSet of(
      String id,
      String instruction,
      String input,
      String reference,
      List<String> models,
      List<String> texts) {
    // Fixed timestamps: the set must not depend on when the evaluation runs.
    long at = 0L;
    Request request =
        Request.newBuilder()
            .setRequestId(id)
            .setInstruction(instruction)
            .setInput(input)
            .setReference(reference)
            .setCreatedAt(at)
            .build();
    List<Candidate> candidates = new ArrayList<>(models.size());
    for (int i = 0; i < models.size(); i++) {
      candidates.add(
          Candidate.newBuilder()
              .setRequestId(id)
              .setModel(models.get(i))
              .setText(texts.get(i))
              .setCreatedAt(at)
              .build());
    }
    return CandidateSet.newBuilder()
        .setRequestId(id)
        .setRequest(request)
        .setCandidates(candidates)
        .setComplete(true)
        .setFirstArrivalAt(at)
        .setAssembledAt(at)
        .setReason(AssemblyReason.ALL_ARRIVED)
        .build();
  }
}

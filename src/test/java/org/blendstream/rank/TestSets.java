package org.blendstream.rank;

import java.util.ArrayList;
import java.util.List;
import org.blendstream.avro.AssemblyReason;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.Request;
import org.blendstream.avro.Turn;

/** Candidate sets for tests: models m0, m1, … answering one request. */
final class TestSets {

  private TestSets() {}

  static Request request(String id, String instruction, String aggregation, List<Turn> history) {
    return Request.newBuilder()
        .setRequestId(id)
        .setInstruction(instruction)
        .setAggregation(aggregation)
        .setHistory(history)
        .setCreatedAt(0L)
        .build();
  }

  static CandidateSet set(String id, String aggregation, List<String> answers) {
    return set(request(id, "What is the capital of France?", aggregation, List.of()), answers);
  }

  static CandidateSet set(Request request, List<String> answers) {
    return set(request, models(answers.size()), answers);
  }

  /** Named models answering one instruction, e.g. to meet the prior. */
  static CandidateSet byModels(String instruction, List<String> models, List<String> answers) {
    return set(request("q", instruction, null, List.of()), models, answers);
  }

  private static CandidateSet set(Request request, List<String> models, List<String> answers) {
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      candidates.add(
          Candidate.newBuilder()
              .setRequestId(request.getRequestId())
              .setModel(models.get(i))
              .setText(answers.get(i))
              .setCreatedAt(0L)
              .build());
    }
    return CandidateSet.newBuilder()
        .setRequestId(request.getRequestId())
        .setRequest(request)
        .setCandidates(candidates)
        .setComplete(true)
        .setFirstArrivalAt(0L)
        .setAssembledAt(0L)
        .setReason(AssemblyReason.ALL_ARRIVED)
        .build();
  }

  static List<String> answers(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("answer number " + i);
    }
    return out;
  }

  static List<String> models(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("m" + i);
    }
    return out;
  }
}

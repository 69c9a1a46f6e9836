package org.blendstream.fuse;

import java.util.ArrayList;
import java.util.List;
import org.blendstream.avro.AssemblyReason;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.Request;
import org.blendstream.rank.Ranking;

/** Candidate sets with a ranking given by explicit scores, for fusion-step tests. */
final class RankedSets {

  private RankedSets() {}

  /**
   * {@code modelsAndTexts} alternates model name and answer text; {@code scores} ranks them, higher
   * is better.
   */
  static FusionStep.Ranked of(
      String requestId, String instruction, double[] scores, String... modelsAndTexts) {
    long now = 1_700_000_000_000L;
    List<Candidate> cands = new ArrayList<>();
    List<String> models = new ArrayList<>();
    for (int i = 0; i < modelsAndTexts.length; i += 2) {
      models.add(modelsAndTexts[i]);
      cands.add(
          Candidate.newBuilder()
              .setRequestId(requestId)
              .setModel(modelsAndTexts[i])
              .setText(modelsAndTexts[i + 1])
              .setCreatedAt(now)
              .build());
    }
    Request request =
        Request.newBuilder()
            .setRequestId(requestId)
            .setInstruction(instruction)
            .setCreatedAt(now)
            .build();
    CandidateSet set =
        CandidateSet.newBuilder()
            .setRequestId(requestId)
            .setRequest(request)
            .setCandidates(cands)
            .setComplete(true)
            .setFirstArrivalAt(now)
            .setAssembledAt(now)
            .setReason(AssemblyReason.ALL_ARRIVED)
            .build();
    Ranking ranking =
        Ranking.byScores(models, Ranking.emptyMatrix(models.size()), scores, true, null);
    return new FusionStep.Ranked(set, ranking);
  }
}

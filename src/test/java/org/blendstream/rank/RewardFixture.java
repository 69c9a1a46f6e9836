package org.blendstream.rank;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.blendstream.BlendConfig;
import org.blendstream.avro.AssemblyReason;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.Request;
import org.blendstream.avro.Turn;

/**
 * The reward model fixtures (tools/fixtures/real_arch/make_reward_fixtures.py, exported by
 * tools/export/export_reward.py): {@code reward-qwen2-tiny}, transformers'
 * Qwen2ForSequenceClassification read through its ChatML template, and {@code reward-deberta-tiny},
 * DebertaV2ForSequenceClassification read as text pairs.
 */
final class RewardFixture {

  static final String QWEN2 = "reward-qwen2-tiny";
  static final String DEBERTA = "reward-deberta-tiny";

  private RewardFixture() {}

  static Path dir(String name) {
    return TinyFixture.dir(name);
  }

  static JsonNode golden(String name) {
    return TinyFixture.golden(name);
  }

  static BlendConfig config(String name, int batchSize) {
    return new BlendConfig(
        Map.of(
            BlendConfig.RANKER,
            Rankers.REWARD,
            BlendConfig.RANKER_MODEL_DIR,
            dir(name).toString(),
            BlendConfig.DEVICE,
            "cpu",
            BlendConfig.RANKER_BATCH_SIZE,
            batchSize));
  }

  /**
   * A golden case's conversation as blendstream carries it: earlier turns as history, the last as
   * the instruction.
   */
  static Request request(String id, JsonNode messages) {
    List<Turn> history = new ArrayList<>();
    for (int i = 0; i < messages.size() - 1; i++) {
      JsonNode m = messages.get(i);
      history.add(
          Turn.newBuilder()
              .setRole(m.get("role").asText())
              .setContent(m.get("content").asText())
              .build());
    }
    return Request.newBuilder()
        .setRequestId(id)
        .setInstruction(messages.get(messages.size() - 1).get("content").asText())
        .setHistory(history)
        .setCreatedAt(0L)
        .build();
  }

  static CandidateSet set(Request request, List<String> answers) {
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      candidates.add(
          Candidate.newBuilder()
              .setRequestId(request.getRequestId())
              .setModel("m" + i)
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

  static long[] ids(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }
}

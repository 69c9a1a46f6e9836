package org.blendstream.ingest;

import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.blendstream.BlendConfig;
import org.blendstream.avro.Candidate;

/**
 * Publishes one model's answers the way an LLM-serving user would: on that model's topic, keyed by
 * request id, with the prompt attached so the answer can be blended even without a request record.
 */
public final class CandidatePublisher extends TopicPublisher<Candidate> {

  private final String model;

  public CandidatePublisher(BlendConfig config, String model) {
    super(config, config.topics().candidates(model), Candidate.class);
    this.model = model;
  }

  public Future<RecordMetadata> publish(
      String requestId, String text, String instruction, Long latencyMs) {
    return publish(requestId, text, instruction, latencyMs, Map.of());
  }

  /** With producer metadata, passed through to the set untouched (a judge's score, for one). */
  public Future<RecordMetadata> publish(
      String requestId,
      String text,
      String instruction,
      Long latencyMs,
      Map<String, String> metadata) {
    Candidate c =
        Candidate.newBuilder()
            .setRequestId(requestId)
            .setModel(model)
            .setText(text)
            .setInstruction(instruction)
            .setLatencyMs(latencyMs)
            .setCreatedAt(System.currentTimeMillis())
            .setMetadata(Map.copyOf(metadata))
            .build();
    return send(requestId, c);
  }
}

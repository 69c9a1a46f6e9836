package org.blendstream.ingest;

import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.blendstream.BlendConfig;
import org.blendstream.avro.Request;

/** Publishes requests: the prompt, which models are expected, and how long to wait for them. */
public final class RequestPublisher extends TopicPublisher<Request> {

  public RequestPublisher(BlendConfig config) {
    super(config, config.topics().requests(), Request.class);
  }

  public Future<RecordMetadata> publish(
      String requestId,
      String instruction,
      String reference,
      List<String> expectedModels,
      Long deadlineMs) {
    Request r =
        Request.newBuilder()
            .setRequestId(requestId)
            .setInstruction(instruction)
            .setReference(reference)
            .setExpectedModels(expectedModels)
            .setDeadlineMs(deadlineMs)
            .setCreatedAt(System.currentTimeMillis())
            .build();
    return send(requestId, r);
  }
}

package org.blendstream.ingest;

import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.blendstream.BlendConfig;
import org.blendstream.avro.Feedback;

/**
 * Publishes feedback on answered requests to {@code blend.feedback}, keyed by request id like their
 * sets.
 */
public final class FeedbackPublisher extends TopicPublisher<Feedback> {

  public FeedbackPublisher(BlendConfig config) {
    super(config, config.topics().feedback(), Feedback.class);
  }

  public Future<RecordMetadata> publish(Feedback feedback) {
    return send(feedback.getRequestId(), feedback);
  }
}

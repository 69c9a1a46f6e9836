package org.blendstream.ingest;

import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.blendstream.BlendConfig;
import org.blendstream.avro.Request;

/** Publishes requests: the prompt, which models are expected, and how long to wait for them. */
public final class RequestPublisher implements AutoCloseable {

  private final String topic;
  private final KafkaProducer<String, Request> producer;

  public RequestPublisher(BlendConfig config) {
    this.topic = config.topics().requests();
    this.producer = new KafkaProducer<>(CandidatePublisher.producerProps(config), new StringSerializer(),
        AvroSerdeFactory.from(config).serde(Request.class, config).serializer());
  }

  public Future<RecordMetadata> publish(String requestId, String instruction, String reference,
                                        List<String> expectedModels, Long deadlineMs) {
    Request r = Request.newBuilder().setRequestId(requestId).setInstruction(instruction).setReference(reference)
        .setExpectedModels(expectedModels).setDeadlineMs(deadlineMs).setCreatedAt(System.currentTimeMillis()).build();
    return producer.send(new ProducerRecord<>(topic, requestId, r));
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}

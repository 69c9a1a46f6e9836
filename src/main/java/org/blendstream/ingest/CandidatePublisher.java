package org.blendstream.ingest;

import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.blendstream.BlendConfig;
import org.blendstream.avro.Candidate;

/**
 * Publishes one model's answers the way an LLM-serving user would: on that model's topic, keyed by
 * request id, with the prompt attached so the answer can be blended even without a request record.
 */
public final class CandidatePublisher implements AutoCloseable {

  private final String model;
  private final String topic;
  private final KafkaProducer<String, Candidate> producer;

  public CandidatePublisher(BlendConfig config, String model) {
    this.model = model;
    this.topic = config.topics().candidates(model);
    this.producer = new KafkaProducer<>(producerProps(config), new StringSerializer(),
        AvroSerdeFactory.from(config).serde(Candidate.class, config).serializer());
  }

  static Map<String, Object> producerProps(BlendConfig config) {
    return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.ACKS_CONFIG, "all");
  }

  public Future<RecordMetadata> publish(String requestId, String text, String instruction, Long latencyMs) {
    Candidate c = Candidate.newBuilder().setRequestId(requestId).setModel(model).setText(text)
        .setInstruction(instruction).setLatencyMs(latencyMs).setCreatedAt(System.currentTimeMillis()).build();
    return producer.send(new ProducerRecord<>(topic, requestId, c));
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}

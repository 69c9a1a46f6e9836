package org.blendstream.ingest;

import java.util.Map;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.blendstream.BlendConfig;

/**
 * Writes one record type to one topic, keyed by request id, through the configured value serde.
 * Each record is sent at once and acknowledged by all replicas: a publisher stands in for an LLM
 * answering in real time.
 */
abstract class TopicPublisher<T extends SpecificRecord> implements AutoCloseable {

  private final String topic;
  private final KafkaProducer<String, T> producer;

  TopicPublisher(BlendConfig config, String topic, Class<T> type) {
    this.topic = topic;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                config.transportMaxBytes()),
            new StringSerializer(),
            AvroSerdeFactory.from(config).serde(type, config).serializer());
  }

  Future<RecordMetadata> send(String requestId, T value) {
    return producer.send(new ProducerRecord<>(topic, requestId, value));
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}

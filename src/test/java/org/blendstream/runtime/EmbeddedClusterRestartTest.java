package org.blendstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.Turn;
import org.blendstream.ingest.RestSchemaRegistryClient;
import org.blendstream.ingest.SpecificAvroSerde;
import org.blendstream.ingest.WireFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Everything is written once, then the broker and registry restart on the same data dir before the
 * tests look.
 */
@IntegrationTest
class EmbeddedClusterRestartTest {

  @RegisterExtension static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  private static final String MODEL = "restart-model";
  private static String topic;
  private static int candidateId;
  private static int turnId;
  private static Candidate written;

  @BeforeAll
  static void writeThenRestart() throws Exception {
    BlendConfig config = KAFKA.config(Map.of(BlendConfig.TOPIC_PARTITIONS, 1));
    try (Admin admin = KAFKA.admin()) {
      topic = new TopicSetup(config, admin).createCandidateTopic(MODEL);
    }
    RestSchemaRegistryClient before = new RestSchemaRegistryClient(KAFKA.schemaRegistryUrl());
    turnId = before.register("turns-value", Turn.getClassSchema());
    written =
        Candidate.newBuilder()
            .setRequestId("r-1")
            .setModel(MODEL)
            .setText("forty-two")
            .setCreatedAt(1_700_000_000_000L)
            .setMetadata(Map.of("k", "v"))
            .build();
    SpecificAvroSerde<Candidate> serde = new SpecificAvroSerde<>(Candidate.class, before, false);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new StringSerializer(),
            (t, v) -> v)) {
      byte[] value = serde.serialize(topic, written);
      candidateId = WireFormat.schemaId(value);
      producer.send(new ProducerRecord<>(topic, "r-1", value)).get();
    }
    KAFKA.restart();
  }

  @Test
  void registryResolvesOldIdsAfterRestart() {
    RestSchemaRegistryClient fresh = new RestSchemaRegistryClient(KAFKA.schemaRegistryUrl());
    assertEquals(Candidate.getClassSchema(), fresh.getById(candidateId));
    assertEquals(Turn.getClassSchema(), fresh.getById(turnId));
  }

  @Test
  void recordProducedBeforeRestartStillDeserializes() {
    SpecificAvroSerde<Candidate> serde =
        new SpecificAvroSerde<>(
            Candidate.class, new RestSchemaRegistryClient(KAFKA.schemaRegistryUrl()), false);
    List<ConsumerRecord<String, byte[]>> records = readAll(topic);
    assertEquals(1, records.size());
    assertEquals(written, serde.deserialize(topic, records.get(0).value()));
  }

  @Test
  void registrationAfterRestartIsIdempotentAndNewSchemasGetUnusedIds() {
    RestSchemaRegistryClient fresh = new RestSchemaRegistryClient(KAFKA.schemaRegistryUrl());
    assertEquals(turnId, fresh.register("turns-value", Turn.getClassSchema()));
    Schema other =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"AfterRestart\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");
    int newId = fresh.register("after-restart-value", other);
    assertNotEquals(turnId, newId);
    assertNotEquals(candidateId, newId);
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    TopicPartition tp = new TopicPartition(topic, 0);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 15_000;
      while (consumer.position(tp) < end && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }
}

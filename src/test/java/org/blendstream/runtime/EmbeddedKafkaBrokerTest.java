package org.blendstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.blendstream.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@IntegrationTest
class EmbeddedKafkaBrokerTest {

  @TempDir Path dir;

  @Test
  void brokerKeepsPortClusterIdAndTopicsAcrossRestart() throws Exception {
    try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir.resolve("kafka"), 0)) {
      broker.start();
      String bootstrap = broker.bootstrapServers();
      String clusterId;
      try (Admin admin = admin(broker)) {
        clusterId = admin.describeCluster().clusterId().get();
        admin.createTopics(List.of(new NewTopic("kept", 2, (short) 1))).all().get();
      }
      broker.close();
      assertTrue(Files.exists(dir.resolve("kafka/meta.properties")));

      broker.start();
      assertEquals(bootstrap, broker.bootstrapServers());
      try (Admin admin = admin(broker)) {
        assertEquals(clusterId, admin.describeCluster().clusterId().get());
        assertEquals(
            2,
            admin
                .describeTopics(List.of("kept"))
                .allTopicNames()
                .get()
                .get("kept")
                .partitions()
                .size());
      }
    }
  }

  /**
   * Kafka Streams' exactly_once_v2 needs the transaction log and its min ISR to fit on one node.
   */
  @Test
  void exactlyOnceV2StreamsAppCommitsOnSingleNode() throws Exception {
    try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir.resolve("kafka"), 0).start()) {
      try (Admin admin = admin(broker)) {
        admin
            .createTopics(
                List.of(
                    new NewTopic("eos-in", 1, (short) 1), new NewTopic("eos-out", 1, (short) 1)))
            .all()
            .get();
      }
      StreamsBuilder builder = new StreamsBuilder();
      // Upper-casing is enough: the point is that a transactional commit reaches a read_committed
      // reader.
      builder.stream("eos-in", Consumed.with(Serdes.String(), Serdes.String()))
          .mapValues(v -> v.toUpperCase())
          .to("eos-out", Produced.with(Serdes.String(), Serdes.String()));
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-test");
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
      props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
      try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
          KafkaProducer<String, String> producer =
              new KafkaProducer<>(
                  Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                  new StringSerializer(),
                  new StringSerializer());
          KafkaConsumer<String, String> consumer =
              new KafkaConsumer<>(
                  Map.of(
                      ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                      ConsumerConfig.GROUP_ID_CONFIG, "eos-reader",
                      ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                      ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                  new StringDeserializer(),
                  new StringDeserializer())) {
        streams.start();
        producer.send(new ProducerRecord<>("eos-in", "k", "blended")).get();
        consumer.subscribe(List.of("eos-out"));
        List<String> values = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 60_000;
        while (values.isEmpty() && System.currentTimeMillis() < deadline) {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
        }
        assertEquals(List.of("BLENDED"), values);
      }
    }
  }

  @Test
  void startOnATakenPortFailsNamingTheAddressAndLeavesTheJvmRunning() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      EmbeddedKafkaBroker broker =
          new EmbeddedKafkaBroker(dir.resolve("kafka"), taken.getLocalPort());
      IllegalStateException e = assertThrows(IllegalStateException.class, broker::start);
      assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
      assertFalse(broker.isRunning());
    }
  }

  /**
   * A shorter session shortens the restart after a kill -9; the heartbeat keeps six beats in it,
   * within 100 ms..1 s.
   */
  @Test
  void heartbeatsSixTimesASessionBetweenATenthAndOneSecond() {
    assertEquals(
        500,
        EmbeddedKafkaBroker.heartbeatIntervalMs(EmbeddedKafkaBroker.DEFAULT_SESSION_TIMEOUT_MS));
    assertEquals(1_000, EmbeddedKafkaBroker.heartbeatIntervalMs(6_000));
    assertEquals(1_000, EmbeddedKafkaBroker.heartbeatIntervalMs(30_000));
    assertEquals(333, EmbeddedKafkaBroker.heartbeatIntervalMs(2_000));
    assertEquals(100, EmbeddedKafkaBroker.heartbeatIntervalMs(300));
  }

  @Test
  void negativePortIsRejectedBeforeAnythingStarts() {
    assertThrows(IllegalArgumentException.class, () -> new EmbeddedKafkaBroker(dir, -1));
  }

  private static Admin admin(EmbeddedKafkaBroker broker) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }
}

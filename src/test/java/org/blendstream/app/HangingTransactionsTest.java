package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.blendstream.IntegrationTest;
import org.blendstream.runtime.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@IntegrationTest
class HangingTransactionsTest {

  @RegisterExtension static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  private static final TopicPartition TP = new TopicPartition("blend.out", 0);

  private static ProducerState openAt(long producerId, int epoch) {
    return new ProducerState(producerId, epoch, 3, 0L, OptionalInt.of(0), OptionalLong.of(42));
  }

  private static TransactionDescription coordinator(
      TransactionState state, long producerId, int epoch, Set<TopicPartition> partitions) {
    return new TransactionDescription(
        1, state, producerId, epoch, 60_000, OptionalLong.empty(), partitions);
  }

  @Test
  void aTransactionItsCoordinatorNoLongerHasInProgressThereIsHanging() {
    assertTrue(
        HangingTransactions.isHanging(
            TP, openAt(2, 60), coordinator(TransactionState.EMPTY, 2, 62, Set.of())),
        "the coordinator moved on (a crash lost the marker)");
    assertTrue(
        HangingTransactions.isHanging(
            TP,
            openAt(2, 60),
            coordinator(TransactionState.ONGOING, 2, 62, Set.of(new TopicPartition("other", 0)))));
    assertTrue(
        HangingTransactions.isHanging(
            TP, openAt(2, 60), coordinator(TransactionState.COMPLETE_COMMIT, 7, 0, Set.of())),
        "the id now has another producer id");
  }

  @Test
  void aLiveTransactionOrOneWhoseMarkersAreOnTheirWayIsNot() {
    assertFalse(
        HangingTransactions.isHanging(
            TP, openAt(2, 60), coordinator(TransactionState.ONGOING, 2, 60, Set.of(TP))));
    assertFalse(
        HangingTransactions.isHanging(
            TP, openAt(2, 60), coordinator(TransactionState.PREPARE_COMMIT, 2, 61, Set.of(TP))));
    assertFalse(
        HangingTransactions.isHanging(
            TP, openAt(2, 60), coordinator(TransactionState.PREPARE_ABORT, 2, 61, Set.of(TP))));
  }

  @Test
  void scansLeaveAnOpenLiveTransactionAloneAndItStillCommits() throws Exception {
    try (Admin admin = KAFKA.admin()) {
      admin.createTopics(List.of(new NewTopic(TP.topic(), 1, (short) 1))).all().get();
    }
    KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "blendstream-blend-test-1"),
            new StringSerializer(),
            new StringSerializer());
    try (Admin admin = KAFKA.admin()) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(TP.topic(), 0, "k", "v")).get();
      HangingTransactions scan =
          new HangingTransactions(admin, "blendstream", t -> t.startsWith("blend."));
      int aborted = 0;
      for (int i = 0; i < 3; i++) {
        aborted += scan.scanAndAbort();
      }
      assertEquals(
          0, aborted, "an open transaction its coordinator has in progress is not hanging");
      producer.commitTransaction();
    } finally {
      producer.close(Duration.ofSeconds(5));
    }
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.assign(List.of(TP));
      consumer.seekToBeginning(List.of(TP));
      assertEquals(
          1, consumer.poll(Duration.ofSeconds(10)).count(), "the transaction committed, untouched");
    }
  }
}

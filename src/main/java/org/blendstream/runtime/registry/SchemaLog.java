package org.blendstream.runtime.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable store: a compacted single-partition topic, as in Confluent's registry,
 * keyed as Confluent keys it (a schema by subject and version, a config by subject, a subject
 * delete by subject) so that compaction keeps the latest of each; {@link SchemaLogFormat} is the
 * record format. Schema ids written in topics and changelogs must keep resolving after a restart,
 * which is why nothing is acknowledged to a client before the log has it.
 */
final class SchemaLog implements AutoCloseable {

  static final String TOPIC = "_schemas";
  private static final Logger LOG = LoggerFactory.getLogger(SchemaLog.class);

  /**
   * The producer's default max.request.size, under which Confluent's registry writes too: a
   * record's upper bound.
   */
  static final int MAX_RECORD_BYTES = 1024 * 1024;

  /** What a record batch adds to key and value. */
  private static final int RECORD_OVERHEAD_BYTES = 1024;

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrapServers;
  private final TopicPartition partition = new TopicPartition(TOPIC, 0);
  private final KafkaProducer<String, String> producer;

  SchemaLog(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    ensureTopic();
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis() - 1,
                ProducerConfig.CLIENT_ID_CONFIG,
                "blendstream-schema-registry"),
            new StringSerializer(),
            new StringSerializer());
  }

  /** Reads the whole log, oldest first, up to the end offset at the time of the call. */
  void replay(Consumer<RegisteredSchemas.Change> sink) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG,
                "blendstream-schema-registry-replay"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (consumer.position(partition, TIMEOUT) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read "
                  + TOPIC
                  + " up to offset "
                  + end
                  + " within "
                  + TIMEOUT.toSeconds()
                  + " s");
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          decode(record).ifPresent(sink);
        }
      }
    }
  }

  /** Appends one change and returns only once every in-sync replica has it. */
  void append(RegisteredSchemas.Change change) {
    SchemaLogFormat.KeyValue record = SchemaLogFormat.encode(change);
    long bytes = utf8Length(record.key()) + utf8Length(record.value());
    if (bytes > MAX_RECORD_BYTES - RECORD_OVERHEAD_BYTES) {
      throw RegistryError.INVALID_SCHEMA.failure(
          "Invalid schema: its "
              + TOPIC
              + " record would be "
              + bytes
              + " bytes, over the registry's limit of "
              + (MAX_RECORD_BYTES - RECORD_OVERHEAD_BYTES)
              + " bytes");
    }
    try {
      producer
          .send(new ProducerRecord<>(TOPIC, 0, record.key(), record.value()))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot write " + record.key() + " to " + TOPIC + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("writing " + record.key() + " to " + TOPIC + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to " + TOPIC, e);
    }
  }

  private static long utf8Length(String text) {
    return text == null ? 0 : text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }

  private void ensureTopic() {
    NewTopic topic =
        new NewTopic(TOPIC, 1, (short) 1)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.createTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create " + TOPIC + " on " + bootstrapServers + ": " + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "creating " + TOPIC + " on " + bootstrapServers + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating " + TOPIC, e);
    }
  }

  /**
   * As Confluent's store reader does, a record that cannot be read (another writer's bug, a
   * hand-made record) is logged and skipped: it cannot be served either way, and stopping startup
   * for it would take every schema down.
   */
  private static Optional<RegisteredSchemas.Change> decode(ConsumerRecord<String, String> record) {
    try {
      return SchemaLogFormat.decode(record.key(), record.value());
    } catch (IllegalArgumentException e) {
      LOG.error(
          "skipped the unreadable record at offset {} of {} (key {}): {}",
          record.offset(),
          TOPIC,
          RegistryError.abbreviate(record.key()),
          RegistryError.abbreviate(e.getMessage()));
      return Optional.empty();
    }
  }
}

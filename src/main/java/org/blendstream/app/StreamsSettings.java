package org.blendstream.app;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.ingest.DeadLetterDeserializationHandler;
import org.blendstream.ingest.DeadLetterProcessingHandler;
import org.blendstream.ingest.DeadLetterProductionHandler;
import org.blendstream.ingest.DeadLetters;

/**
 * Kafka Streams settings derived from the blendstream config; {@code streams.*} keys override last.
 */
public final class StreamsSettings {

  /**
   * The Streams producers' linger under exactly-once: the default commit interval, which flushes it
   * anyway.
   */
  static final int LINGER_UNDER_EXACTLY_ONCE_MS = 100;

  /** Room for a commit interval's sets of one partition in one batch. */
  static final int BATCH_UNDER_EXACTLY_ONCE_BYTES = 256 * 1024;

  private StreamsSettings() {}

  public static Properties streamsConfig(BlendConfig config) {
    return streamsConfig(config, null);
  }

  /**
   * The application id, and so the consumer group, of one of the pipeline's apps (null: the
   * configured one).
   */
  public static String applicationId(BlendConfig config, String app) {
    return app == null ? config.applicationId() : config.applicationId() + "-" + app;
  }

  /** As below, with the meters that the dead-letter handlers count their letters on. */
  public static Properties streamsConfig(BlendConfig config, String app, BlendMetrics metrics) {
    Properties p = streamsConfig(config, app);
    p.put(BlendMetrics.HANDLER_CONFIG, metrics);
    return p;
  }

  /**
   * For one of the pipeline's apps: {@code application.id} plus the app's suffix, and its own state
   * dir.
   */
  public static Properties streamsConfig(BlendConfig config, String app) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(config, app));
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
    p.put(
        StreamsConfig.STATE_DIR_CONFIG,
        config.dataDir().resolve("streams").toAbsolutePath().toString());
    if (app != null) {
      // Two instances in one process must not share a state directory lock.
      p.put(
          StreamsConfig.STATE_DIR_CONFIG,
          config.dataDir().resolve("streams-" + app).toAbsolutePath().toString());
    }
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    // An answer waits for its transaction's commit before read_committed readers see it, twice
    // (assembly, then
    // blending), so the interval is latency; but every commit of every thread writes a marker to
    // each partition it
    // touched, which was most of the broker's work at 20 ms. 100 ms cost about 20% less CPU per
    // request than 20 ms in
    // `bench --throughput`, for about 100 ms more at p50 (README, "Throughput and sizing").
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    p.put(StreamsConfig.POLL_MS_CONFIG, 10);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
    if (StreamsConfig.EXACTLY_ONCE_V2.equals(config.processingGuarantee())) {
      // A read_committed reader sees nothing before the commit, and the commit sends whatever is
      // still lingering, so
      // under exactly-once a linger up to the commit interval costs no latency; it turns a produce
      // request per few
      // records into about one per partition per commit. Produce requests were 61% of the broker's
      // handler time,
      // and a set of 8 answers of 1 KB leaves two to a default 16 KB batch.
      p.put(
          StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
          LINGER_UNDER_EXACTLY_ONCE_MS);
      p.put(
          StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG),
          BATCH_UNDER_EXACTLY_ONCE_BYTES);
    }
    // A model's seconds per set sit inside one transaction (BlendConfig.transactionTimeoutMs); keep
    // polls small for
    // the same reason.
    p.put(
        StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
        (int) config.transactionTimeoutMs());
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), 600_000);
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 50);
    if (BlendTopology.ASSEMBLY_APP.equals(app)) {
      // The assembler takes microseconds a record, so its polls can be large. It keeps Kafka
      // Streams' default max.task.idle.ms=0: a task takes its partitions' records in time order
      // (waiting only for data the broker already has), so a request's answers, written to their
      // topics at about the same time, meet within a commit or two, and most sets close before the
      // write-behind stores ever write their candidates. With -1, a poll of 500 records from one
      // partition spread each set over many commits: 11 to 13 KB of changelog per request against
      // 1.4 to 2.8, and 1,425 requests/s against 1,846 (README, "Sixth round"). A topic with no
      // backlog is
      // not waited for, so live traffic, whose answers arrive seconds apart, pays nothing.
      p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 500);
    }
    // Pattern subscriptions only notice a new model's topic at a metadata refresh.
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), 5_000);
    // Recovery after a crash (README): a restarted instance rejoins as the member it was, without a
    // rebalance, and a
    // killed one that stays away hands its partitions over after the session timeout, warm where a
    // standby ran.
    if (config.staticMembership()) {
      p.put(
          StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
          InstanceIdentity.groupInstanceId(config, app));
    }
    p.put(
        StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
        config.groupSessionTimeoutMs());
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationHandler.class);
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
    p.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
    // One size everywhere (README, "Record sizes"): the serde refuses values over record.max.bytes,
    // and the producer
    // and the internal topics (changelogs, repartition topics) accept that plus the framing, so no
    // send is refused
    // by the producer or the broker, which under exactly-once would abort the transaction.
    p.put(
        StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        config.transportMaxBytes());
    p.put(
        StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
        Integer.toString(config.transportMaxBytes()));
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    p.put(DeadLetters.HANDLER_CONFIG, config);
    // Streams' partition assignor builds a second StreamsConfig from the main consumer's configs
    // only
    // (AssignorConfiguration), which lack the flag above, and so warns that the GlobalThread's
    // handler is off.
    // Handing the flag to the main consumer as well puts it where that check reads it.
    p.put(
        StreamsConfig.mainConsumerPrefix(
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
        true);
    p.putAll(config.streamsOverrides());
    return p;
  }
}

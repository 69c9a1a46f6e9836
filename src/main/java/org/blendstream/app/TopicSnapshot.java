package org.blendstream.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.blendstream.BlendConfig;
import org.blendstream.ingest.AvroSerdeFactory;

/**
 * Reads a topic from its beginning up to the end offsets seen when reading starts: a fixed
 * snapshot, so a replay finishes even while the pipeline keeps writing. No consumer group: nothing
 * is committed.
 */
public final class TopicSnapshot {

  private TopicSnapshot() {}

  /**
   * A range fixed in offsets: per partition, the first offset to read and the end (exclusive), how
   * many committed records lie between, and the offset of the last of them (-1 when none). Offsets
   * alone cannot give the count or the last record: under exactly-once, transaction markers take
   * offsets too.
   */
  public record PartitionSpan(long start, long end, long records, long lastRecord) {}

  /** A {@link ReplayRange} resolved on one topic, partition by partition. */
  public record Span(String topic, Map<Integer, PartitionSpan> partitions) {
    public long records() {
      return partitions.values().stream().mapToLong(PartitionSpan::records).sum();
    }
  }

  public static <T extends SpecificRecord> List<T> read(
      BlendConfig config, String topic, Class<T> type) {
    List<T> out = new ArrayList<>();
    try (KafkaConsumer<String, T> consumer =
        new KafkaConsumer<>(
            consumerProps(config),
            new StringDeserializer(),
            AvroSerdeFactory.from(config).serde(type, config).deserializer())) {
      List<TopicPartition> partitions = partitions(consumer, config, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            out.add(r.value());
          }
        }
      }
    }
    return out;
  }

  /**
   * Fixes the range in offsets now: an open end is the topic's end at this moment (read_committed),
   * so records written later are outside it. Then counts the records inside, without decoding them.
   */
  public static Span span(BlendConfig config, String topic, ReplayRange range) {
    Deserializer<byte[]> bytes = new ByteArrayDeserializer();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(consumerProps(config), bytes, bytes)) {
      List<TopicPartition> partitions = partitions(consumer, config, topic);
      // Assigned before any offset look-up: the consumer then keeps the stable offsets the answers
      // carry.
      consumer.assign(partitions);
      Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> last = consumer.endOffsets(partitions);
      Map<TopicPartition, Long> start =
          resolve(consumer, range.from(), partitions, first, last, first);
      Map<TopicPartition, Long> end = resolve(consumer, range.to(), partitions, first, last, last);
      Map<Integer, long[]> counted = new TreeMap<>();
      List<TopicPartition> toRead = new ArrayList<>();
      for (TopicPartition p : partitions) {
        end.put(p, Math.max(start.get(p), end.get(p)));
        counted.put(p.partition(), new long[] {0, -1});
        if (start.get(p) < end.get(p)) {
          toRead.add(p);
        }
      }
      partitions.stream().filter(p -> !toRead.contains(p)).forEach(p -> consumer.pause(List.of(p)));
      toRead.forEach(p -> consumer.seek(p, start.get(p)));
      while (toRead.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            long[] c = counted.get(r.partition());
            c[0]++;
            c[1] = r.offset();
          }
        }
      }
      Map<Integer, PartitionSpan> spans = new TreeMap<>();
      for (TopicPartition p : partitions) {
        long[] c = counted.get(p.partition());
        spans.put(p.partition(), new PartitionSpan(start.get(p), end.get(p), c[0], c[1]));
      }
      return new Span(topic, spans);
    }
  }

  // An offset is clamped into what the partition holds; a time is the first record stamped at or
  // after it.
  private static Map<TopicPartition, Long> resolve(
      KafkaConsumer<?, ?> consumer,
      ReplayRange.Bound bound,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> first,
      Map<TopicPartition, Long> last,
      Map<TopicPartition, Long> open) {
    Map<TopicPartition, Long> out = new HashMap<>();
    if (bound instanceof ReplayRange.Bound.Offset o) {
      partitions.forEach(
          p -> out.put(p, Math.min(last.get(p), Math.max(first.get(p), o.offset()))));
    } else if (bound instanceof ReplayRange.Bound.Time t) {
      Map<TopicPartition, Long> at = new HashMap<>();
      partitions.forEach(p -> at.put(p, t.at().toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(at);
      partitions.forEach(
          p ->
              out.put(
                  p,
                  found.get(p) == null
                      ? last.get(p)
                      : Math.min(last.get(p), found.get(p).offset())));
    } else {
      out.putAll(open);
    }
    return out;
  }

  private static Map<String, Object> consumerProps(BlendConfig config) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return props;
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<?, ?> consumer, BlendConfig config, String topic) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    if (partitions.isEmpty()) {
      throw new IllegalStateException(
          "topic " + topic + " does not exist on " + config.bootstrapServers());
    }
    return partitions;
  }
}

package org.blendstream.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.blendstream.BlendConfig;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.emit.BlendedResponseView;
import org.blendstream.ingest.AvroSerdeFactory;

/**
 * The blended answers as they are committed to {@code blend.blended} (or, for {@code watch
 * --priors}, the learned priors on {@code blend.model-priors}), shown the moment they are read: a
 * few lines on the console and, when asked, one flushed JSON line each. {@code demo} and {@code
 * watch} both print through it.
 */
public final class AnswerFeed<T extends SpecificRecord> implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaConsumer<String, T> consumer;
  private final PrintWriter console;
  private final BufferedWriter jsonLines;
  private final Function<T, String> text;
  private final Function<T, Map<String, Object>> map;

  private AnswerFeed(
      KafkaConsumer<String, T> consumer,
      PrintWriter console,
      BufferedWriter jsonLines,
      Function<T, String> text,
      Function<T, Map<String, Object>> map) {
    this.consumer = consumer;
    this.console = console;
    this.jsonLines = jsonLines;
    this.text = text;
    this.map = map;
  }

  /**
   * Reads every partition of the blended topic from its start or from its current end. The end is
   * resolved here, before this returns, so an answer committed afterwards is never skipped.
   */
  /**
   * {@code console} null: nothing shown, for the benchmarks, whose figures should not include
   * formatting text.
   */
  public static AnswerFeed<BlendedResponse> open(
      BlendConfig config, boolean fromBeginning, PrintWriter console, Path jsonOut) {
    return open(
        config,
        config.topics().blended(),
        BlendedResponse.class,
        fromBeginning,
        console,
        jsonOut,
        BlendedResponseView::toText,
        BlendedResponseView::toMap);
  }

  /**
   * As above, for any topic of records of one type, shown by {@code text} and written as JSON from
   * {@code map}.
   */
  public static <T extends SpecificRecord> AnswerFeed<T> open(
      BlendConfig config,
      String topic,
      Class<T> type,
      boolean fromBeginning,
      PrintWriter console,
      Path jsonOut,
      Function<T, String> text,
      Function<T, Map<String, Object>> map) {
    KafkaConsumer<String, T> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                // Only committed transactions: what exactly-once downstream consumers see, no
                // aborted attempts.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
            new StringDeserializer(),
            AvroSerdeFactory.from(config).serde(type, config).deserializer());
    try {
      // Assigned rather than subscribed: no group to join, so the first answer is not held up by a
      // rebalance.
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException(
            "topic "
                + topic
                + " does not exist on "
                + config.bootstrapServers()
                + " (create it with `topics --create`, or start the pipeline)");
      }
      List<TopicPartition> partitions =
          infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      partitions.forEach(consumer::position);
      BufferedWriter w =
          jsonOut == null ? null : Files.newBufferedWriter(jsonOut, StandardCharsets.UTF_8);
      return new AnswerFeed<>(consumer, console, w, text, map);
    } catch (IOException e) {
      consumer.close();
      throw new UncheckedIOException("cannot write " + jsonOut.toAbsolutePath(), e);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /**
   * Waits up to {@code timeout} for answers and shows each one read; returns them in topic order.
   */
  public List<T> poll(Duration timeout) {
    return poll(timeout, Long.MAX_VALUE);
  }

  /**
   * As {@link #poll(Duration)}, showing no more than {@code atMost} of them (for a reader about to
   * stop).
   */
  public List<T> poll(Duration timeout, long atMost) {
    List<T> read = new ArrayList<>();
    for (ConsumerRecord<String, T> rec : consumer.poll(timeout)) {
      if (read.size() >= atMost) {
        break;
      }
      show(rec.value());
      read.add(rec.value());
    }
    return read;
  }

  private void show(T r) {
    if (console != null) {
      console.print(text.apply(r));
      console.flush();
    }
    if (jsonLines != null) {
      try {
        jsonLines.write(JSON.writeValueAsString(map.apply(r)));
        jsonLines.newLine();
        jsonLines.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write a JSON line", e);
      }
    }
  }

  @Override
  public void close() {
    try {
      if (jsonLines != null) {
        jsonLines.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the JSON lines file", e);
    } finally {
      consumer.close();
    }
  }
}

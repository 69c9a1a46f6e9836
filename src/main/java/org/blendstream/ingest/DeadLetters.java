package org.blendstream.ingest;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.avro.DeadLetter;

/**
 * Builds dead letters and frames them for the DLQ topic. The deserialization, processing and
 * production handlers and the assembler all write through here, so every DLQ record has the same
 * shape.
 */
public final class DeadLetters {

  /**
   * Streams hands its own config to the handlers it instantiates; under this key it carries the
   * blendstream config, from which they take the DLQ topic and the serde of {@code
   * value.serde.factory}.
   */
  public static final String HANDLER_CONFIG = "blendstream.dlq.config";

  /**
   * Optional: another dead-letter topic than the config's, for an app (a replay) that must not
   * write the live one.
   */
  public static final String TOPIC_CONFIG = "blendstream.dlq.topic";

  /** Error class of records that break the data contract. */
  public static final String VALIDATION = "validation";

  /**
   * Error class of records refused by a size or count limit ({@code set.max.candidates}, {@code
   * record.max.bytes}).
   */
  public static final String LIMIT = "limit";

  /**
   * Reasons quote exception messages, which can quote data; a bound keeps a letter's size about its
   * original.
   */
  static final int MAX_REASON_CHARS = 4096;

  /**
   * Longer keys are not the DLQ record's key, and leave the letter's key field when the letter
   * would not fit.
   */
  private static final int MAX_KEPT_KEY_BYTES = 1024;

  private final String topic;
  private final Serializer<DeadLetter> serializer;
  private final BlendMetrics metrics;
  private final String handler;

  private DeadLetters(
      String topic, Serializer<DeadLetter> serializer, BlendMetrics metrics, String handler) {
    this.topic = topic;
    this.serializer = serializer;
    this.metrics = metrics;
    this.handler = handler;
  }

  /**
   * For exception handlers, which Streams instantiates by class name and configures with its own
   * map. They write through the serde of {@code value.serde.factory}, as every other topic is
   * written.
   *
   * @param handler which handler this is (deserialization, processing, production): the reason
   *     class its letters are counted under when their error is an unexpected exception rather than
   *     one of ours
   */
  static DeadLetters fromHandlerConfig(Map<String, ?> configs, String handler) {
    if (!(configs.get(HANDLER_CONFIG) instanceof BlendConfig config)) {
      throw new IllegalStateException(
          "dead-letter handlers need the blendstream config under "
              + HANDLER_CONFIG
              + " (StreamsSettings puts it there)");
    }
    String topic =
        configs.get(TOPIC_CONFIG) instanceof String t ? t : config.topics().deadLetters();
    return new DeadLetters(
        topic,
        AvroSerdeFactory.from(config).serde(DeadLetter.class, config).serializer(),
        BlendMetrics.fromHandlerConfig(configs),
        handler);
  }

  public static DeadLetter letter(
      String sourceTopic,
      int partition,
      long offset,
      byte[] key,
      String errorClass,
      String reason,
      byte[] original,
      long now) {
    return DeadLetter.newBuilder()
        .setSourceTopic(sourceTopic == null ? "unknown" : sourceTopic)
        .setPartition(partition)
        .setOffset(offset)
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setErrorClass(errorClass)
        .setReason(bounded(reason == null ? "(no message)" : reason))
        .setOriginal(original == null ? null : ByteBuffer.wrap(original))
        .setTimestamp(now)
        .build();
  }

  private static String bounded(String reason) {
    return reason.length() <= MAX_REASON_CHARS
        ? reason
        : reason.substring(0, MAX_REASON_CHARS)
            + "... ("
            + (reason.length() - MAX_REASON_CHARS)
            + " more characters)";
  }

  /**
   * The error class is the root cause's: "SerializationException" says less than what caused it.
   */
  private static String errorClass(Throwable e) {
    if (e instanceof InvalidRecordException invalid) {
      return invalid.errorClass();
    }
    if (e instanceof OversizedRecordException) {
      return LIMIT;
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e
        ? e.getClass().getName()
        : e.getClass().getName() + " caused by " + root.getClass().getName();
  }

  private static String reason(Throwable e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
        sb.append("; caused by: ").append(c.getMessage());
      }
    }
    return sb.toString();
  }

  /**
   * The DLQ record for a source record that failed with {@code e}, keyed and carrying bytes as they
   * arrived.
   */
  ProducerRecord<byte[], byte[]> record(
      String sourceTopic, int partition, long offset, byte[] key, byte[] original, Throwable e) {
    return record(sourceTopic, partition, offset, key, original, errorClass(e), reason(e));
  }

  /**
   * A letter must itself fit in {@code record.max.bytes}, or writing it would fail in turn. An
   * original at the input topic's limit does not fit beside its reason; it is left out, and the
   * reason says where it still is.
   */
  ProducerRecord<byte[], byte[]> record(
      String sourceTopic,
      int partition,
      long offset,
      byte[] key,
      byte[] original,
      String errorClass,
      String reason) {
    long now = System.currentTimeMillis();
    metrics.deadLettered(errorClass, handler);
    // The record key counts against the producer's limit beside the value, which the serializer
    // alone bounds; a long
    // key stays in the letter's key field only.
    byte[] recordKey = key == null || key.length <= MAX_KEPT_KEY_BYTES ? key : null;
    try {
      return new ProducerRecord<>(
          topic,
          recordKey,
          serializer.serialize(
              topic,
              letter(sourceTopic, partition, offset, key, errorClass, reason, original, now)));
    } catch (OversizedRecordException tooLarge) {
      String where =
          sourceTopic == null
              ? ""
              : "; it stays in " + sourceTopic + "-" + partition + "@" + offset;
      String head =
          reason.length() > MAX_REASON_CHARS / 2
              ? reason.substring(0, MAX_REASON_CHARS / 2) + "..."
              : reason;
      String shortened =
          head
              + " [original of "
              + (original == null ? 0 : original.length)
              + " bytes"
              + (recordKey == key ? "" : " and key of " + key.length + " bytes")
              + " left out: the letter would exceed "
              + "record.max.bytes"
              + where
              + "]";
      return new ProducerRecord<>(
          topic,
          recordKey,
          serializer.serialize(
              topic,
              letter(sourceTopic, partition, offset, recordKey, errorClass, shortened, null, now)));
    }
  }
}

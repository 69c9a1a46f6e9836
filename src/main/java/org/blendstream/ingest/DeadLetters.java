package org.blendstream.ingest;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.blendstream.BlendConfig;
import org.blendstream.avro.DeadLetter;

/**
 * Builds dead letters and frames them for the DLQ topic. The deserialization handler, the processing
 * handler and the assembler all write through here, so every DLQ record has the same shape.
 */
public final class DeadLetters {

  /**
   * Streams hands its own config to the handlers it instantiates; under this key it carries the blendstream
   * config, from which they take the DLQ topic and the serde of {@code value.serde.factory}.
   */
  public static final String HANDLER_CONFIG = "blendstream.dlq.config";

  public static final String VALIDATION = "validation";

  private final String topic;
  private final Serializer<DeadLetter> serializer;

  private DeadLetters(String topic, Serializer<DeadLetter> serializer) {
    this.topic = topic;
    this.serializer = serializer;
  }

  /**
   * For exception handlers, which Streams instantiates by class name and configures with its own map. They write
   * through the serde of {@code value.serde.factory}, as every other topic is written.
   */
  static DeadLetters fromHandlerConfig(Map<String, ?> configs) {
    if (!(configs.get(HANDLER_CONFIG) instanceof BlendConfig config)) {
      throw new IllegalStateException("dead-letter handlers need the blendstream config under " + HANDLER_CONFIG
          + " (StreamsSettings puts it there)");
    }
    return new DeadLetters(config.topics().deadLetters(),
        AvroSerdeFactory.from(config).serde(DeadLetter.class, config).serializer());
  }

  public static DeadLetter letter(String sourceTopic, int partition, long offset, byte[] key,
                                  String errorClass, String reason, byte[] original, long now) {
    return DeadLetter.newBuilder()
        .setSourceTopic(sourceTopic == null ? "unknown" : sourceTopic)
        .setPartition(partition)
        .setOffset(offset)
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setErrorClass(errorClass)
        .setReason(reason == null ? "(no message)" : reason)
        .setOriginal(original == null ? null : ByteBuffer.wrap(original))
        .setTimestamp(now)
        .build();
  }

  /** The error class is the root cause's: "SerializationException" says less than what caused it. */
  private static String errorClass(Throwable e) {
    if (e instanceof InvalidRecordException) {
      return VALIDATION;
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.getClass().getName() : e.getClass().getName() + " caused by " + root.getClass().getName();
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

  /** The DLQ record for a source record that failed with {@code e}, keyed and carrying bytes as they arrived. */
  ProducerRecord<byte[], byte[]> record(String sourceTopic, int partition, long offset, byte[] key, byte[] original,
                                        Throwable e) {
    DeadLetter letter = letter(sourceTopic, partition, offset, key, errorClass(e), reason(e), original,
        System.currentTimeMillis());
    return new ProducerRecord<>(topic, key, serializer.serialize(topic, letter));
  }
}

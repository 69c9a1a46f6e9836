package org.blendstream.ingest;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A record and the bytes it was last written as, for a value written more than once: the
 * assembler's candidates go to their store, then into their set. A store of these writes the bytes
 * it already has for the same topic, and {@link SpecificAvroSerde} splices them into an enclosing
 * record ({@link EncodedList}) instead of encoding the value again. A serde that is not ours sees
 * only {@link #value()}, and encodes it as before.
 *
 * <p>Not safe for concurrent use: like the records it holds, one belongs to one stream task.
 */
public final class EncodedRecord<T extends SpecificRecord> {

  private final T value;
  private String topic;
  private byte[] bytes;

  public EncodedRecord(T value) {
    this(value, null, null);
  }

  private EncodedRecord(T value, String topic, byte[] bytes) {
    this.value = value;
    this.topic = topic;
    this.bytes = bytes;
  }

  public T value() {
    return value;
  }

  /** The bytes last written or read for this value, or null before it was written. */
  byte[] bytes() {
    return bytes;
  }

  /** The value's bytes for {@code topic}, encoded by {@code serializer} unless they are at hand. */
  public byte[] bytesFor(String topic, Serializer<T> serializer) {
    if (bytes == null || !topic.equals(this.topic)) {
      bytes = serializer.serialize(topic, value);
      this.topic = topic;
    }
    return bytes;
  }

  /** Values of {@code values}' type, each encoded once per topic however often it is written. */
  public static <T extends SpecificRecord> Serde<EncodedRecord<T>> serde(Serde<T> values) {
    Serializer<T> serializer = values.serializer();
    Deserializer<T> deserializer = values.deserializer();
    return Serdes.serdeFrom(
        (topic, record) -> record == null ? null : record.bytesFor(topic, serializer),
        (topic, bytes) ->
            bytes == null
                ? null
                : new EncodedRecord<>(deserializer.deserialize(topic, bytes), topic, bytes));
  }
}

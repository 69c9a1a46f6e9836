package org.blendstream.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for one SpecificRecord type, byte-compatible with Confluent's {@code KafkaAvroSerializer}:
 * the writer schema is registered under {@code <topic>-value} (TopicNameStrategy) and its id framed
 * in front of the Avro binary. Reading resolves the writer schema by id against our reader schema,
 * so producers on an older or newer compatible schema still decode.
 */
public final class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final Class<T> type;
  private final Schema readerSchema;
  private final SchemaRegistryClient registry;
  private final boolean isKey;
  private final Map<String, Integer> idBySubject = new ConcurrentHashMap<>();
  private final Map<Integer, DatumReader<T>> readerById = new ConcurrentHashMap<>();
  private final SpecificDatumWriter<T> writer;

  public SpecificAvroSerde(Class<T> type, SchemaRegistryClient registry, boolean isKey) {
    this.type = type;
    this.readerSchema = SpecificData.get().getSchema(type);
    this.registry = registry;
    this.isKey = isKey;
    this.writer = new SpecificDatumWriter<>(readerSchema);
  }

  public static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    int id = idBySubject.computeIfAbsent(subject(topic, isKey), s -> registry.register(s, readerSchema));
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      out.write(WireFormat.header(id));
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writer.write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot serialize " + type.getSimpleName() + " for topic " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    int id = WireFormat.schemaId(bytes);
    DatumReader<T> reader = readerById.computeIfAbsent(id,
        i -> new SpecificDatumReader<>(registry.getById(i), readerSchema));
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_SIZE,
          bytes.length - WireFormat.HEADER_SIZE, null);
      T value = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new WireFormat.MalformedRecordException("trailing bytes after a " + type.getSimpleName() + " record");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof WireFormat.MalformedRecordException m) {
        throw m;
      }
      throw new WireFormat.MalformedRecordException("cannot decode " + type.getSimpleName()
          + " with schema id " + id + " from topic " + topic + ": " + e, e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // Built fully by the factory; nothing left to configure.
  }

  @Override
  public void close() {}
}

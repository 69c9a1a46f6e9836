package org.blendstream.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.ResolvingDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for one SpecificRecord type, byte-compatible with Confluent's {@code
 * KafkaAvroSerializer}: the writer schema is registered under {@code <topic>-value}
 * (TopicNameStrategy) and its id framed in front of the Avro binary. Reading resolves the writer
 * schema by id against our reader schema, so producers on an older or newer compatible schema still
 * decode.
 *
 * <p>Reading is strict where Avro is lenient: a writer schema that is another record type (a
 * Candidate written to the requests topic) is refused instead of being resolved field by field, and
 * a string that is not valid UTF-8 is refused instead of being decoded with U+FFFD in place of the
 * bad bytes. Writing refuses a value larger than {@code maxBytes}, before the producer sees it:
 * under exactly-once a send that the producer or broker rejects aborts the whole transaction, while
 * a serialization error reaches the production exception handler cleanly.
 */
public final class SpecificAvroSerde<T extends SpecificRecord>
    implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final Class<T> type;
  private final Schema readerSchema;
  private final SchemaRegistryClient registry;
  private final boolean isKey;
  private final Map<String, Integer> idBySubject = new ConcurrentHashMap<>();
  private final Map<Integer, DatumReader<T>> readerById = new ConcurrentHashMap<>();
  private final SpecificDatumWriter<T> writer;
  private final int maxBytes;

  /** Schema ids whose schema is the very one an array of {@link EncodedList} names, by element. */
  private final Map<Integer, Schema> spliceable = new ConcurrentHashMap<>();

  public SpecificAvroSerde(Class<T> type, SchemaRegistryClient registry, boolean isKey) {
    this(type, registry, isKey, Integer.MAX_VALUE);
  }

  /**
   * A serde whose serializer refuses values of more than {@code maxBytes} bytes, framing included.
   */
  public SpecificAvroSerde(
      Class<T> type, SchemaRegistryClient registry, boolean isKey, int maxBytes) {
    this.maxBytes = maxBytes;
    this.type = type;
    this.readerSchema = SpecificData.get().getSchema(type);
    this.registry = registry;
    this.isKey = isKey;
    this.writer = new SplicingWriter(readerSchema);
  }

  public static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    int id =
        idBySubject.computeIfAbsent(subject(topic, isKey), s -> registry.register(s, readerSchema));
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      out.write(WireFormat.header(id));
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot serialize "
              + type.getSimpleName()
              + " for topic "
              + topic
              + ": "
              + e.getMessage(),
          e);
    }
    if (out.size() > maxBytes) {
      throw new OversizedRecordException(
          type.getSimpleName()
              + " of "
              + out.size()
              + " bytes for topic "
              + topic
              + " exceeds record.max.bytes="
              + maxBytes);
    }
    return out.toByteArray();
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    int id = WireFormat.schemaId(bytes);
    DatumReader<T> reader = readerById.computeIfAbsent(id, i -> readerFor(topic, i));
    try {
      BinaryDecoder decoder =
          DecoderFactory.get()
              .binaryDecoder(
                  bytes, WireFormat.HEADER_SIZE, bytes.length - WireFormat.HEADER_SIZE, null);
      T value = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new WireFormat.MalformedRecordException(
            "trailing bytes after a " + type.getSimpleName() + " record");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof WireFormat.MalformedRecordException m) {
        throw m;
      }
      if (e instanceof InvalidUtf8Exception u) {
        throw new WireFormat.MalformedRecordException(
            type.getSimpleName() + " from topic " + topic + " has " + u.getMessage(), u);
      }
      throw new WireFormat.MalformedRecordException(
          "cannot decode "
              + type.getSimpleName()
              + " with schema id "
              + id
              + " from topic "
              + topic
              + ": "
              + e,
          e);
    }
  }

  /**
   * Avro resolves any writer record against the reader record by field names, so without this check
   * a Candidate written to the requests topic decodes as a Request whose fields happen to match.
   */
  private DatumReader<T> readerFor(String topic, int id) {
    Schema writerSchema = registry.getById(id);
    String written = writerSchema.getFullName();
    if (!written.equals(readerSchema.getFullName())
        && !readerSchema.getAliases().contains(written)) {
      throw new WireFormat.MalformedRecordException(
          "schema id "
              + id
              + " is "
              + writerSchema.getType().getName()
              + " "
              + written
              + ", but topic "
              + topic
              + " carries "
              + readerSchema.getFullName()
              + " (a record written to the wrong topic?)");
    }
    return new StrictReader<>(writerSchema, readerSchema);
  }

  /**
   * Writes the elements of an {@link EncodedList} as the bytes they were written as, when those
   * bytes carry the element's own schema: a set re-encoded every answer the candidates store had
   * just encoded, 6% of the assembly thread.
   */
  private final class SplicingWriter extends SpecificDatumWriter<T> {

    SplicingWriter(Schema schema) {
      super(schema);
    }

    @Override
    protected Iterator<?> getArrayElements(Object array) {
      return array instanceof EncodedList<?> list
          ? list.encoded().iterator()
          : super.getArrayElements(array);
    }

    @Override
    protected void write(Schema schema, Object datum, Encoder out) throws IOException {
      if (datum instanceof EncodedRecord<?> record) {
        byte[] bytes = record.bytes();
        if (bytes != null && writtenAs(bytes, schema)) {
          out.writeFixed(bytes, WireFormat.HEADER_SIZE, bytes.length - WireFormat.HEADER_SIZE);
          return;
        }
        datum = record.value();
      }
      super.write(schema, datum, out);
    }
  }

  /**
   * Whether {@code bytes} are framed Avro of exactly {@code schema}; anything else (another
   * framing, an id the registry does not know, an older schema restored from a changelog) is
   * encoded again from its value.
   */
  private boolean writtenAs(byte[] bytes, Schema schema) {
    if (bytes.length < WireFormat.HEADER_SIZE || bytes[0] != WireFormat.MAGIC) {
      return false;
    }
    int id = WireFormat.schemaId(bytes);
    if (spliceable.get(id) == schema) {
      return true;
    }
    try {
      if (schema.equals(registry.getById(id))) {
        spliceable.put(id, schema);
        return true;
      }
    } catch (RuntimeException e) {
      // Not ours to judge here: the value is encoded again, as if it had no bytes.
    }
    return false;
  }

  /** Refuses strings that are not valid UTF-8, naming the field where they sit. */
  private static final class StrictReader<T> extends SpecificDatumReader<T> {

    /**
     * The generated classes' own decoders and Avro's fast reader read strings leniently and never
     * call readString, so both are turned off for this reader.
     */
    private static final SpecificData DATA = new SpecificData(StrictReader.class.getClassLoader());

    static {
      DATA.setCustomCoders(false);
      DATA.setFastReaderEnabled(false);
    }

    StrictReader(Schema writer, Schema reader) {
      super(writer, reader, DATA);
    }

    @Override
    protected Object readString(Object old, Schema expected, Decoder in) throws IOException {
      Utf8 utf8 = in.readString(null);
      if (isAscii(utf8.getBytes(), utf8.getByteLength())) {
        // Every ASCII byte is valid UTF-8 on its own, so the strict decoder has nothing to refuse;
        // the String
        // constructor's ASCII path is several times cheaper, and most answers are ASCII.
        return new String(utf8.getBytes(), 0, utf8.getByteLength(), StandardCharsets.ISO_8859_1);
      }
      ByteBuffer bytes = ByteBuffer.wrap(utf8.getBytes(), 0, utf8.getByteLength());
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(bytes)
            .toString();
      } catch (CharacterCodingException e) {
        // The decoder stops at the first bad sequence, so the buffer's position is where it starts.
        throw new InvalidUtf8Exception(utf8.getByteLength(), bytes.position());
      }
    }

    private static boolean isAscii(byte[] bytes, int length) {
      for (int i = 0; i < length; i++) {
        if (bytes[i] < 0) {
          return false;
        }
      }
      return true;
    }

    @Override
    protected void readField(
        Object r, Schema.Field f, Object oldDatum, ResolvingDecoder in, Object state)
        throws IOException {
      try {
        super.readField(r, f, oldDatum, in, state);
      } catch (InvalidUtf8Exception e) {
        e.path.addFirst(f.name());
        throw e;
      }
    }
  }

  /**
   * A string whose bytes are not UTF-8; the path of field names fills in as the exception leaves
   * each record.
   */
  private static final class InvalidUtf8Exception extends RuntimeException {
    private final Deque<String> path = new ArrayDeque<>();
    private final int length;
    private final int at;

    InvalidUtf8Exception(int length, int at) {
      this.length = length;
      this.at = at;
    }

    @Override
    public String getMessage() {
      return "invalid UTF-8 in field "
          + (path.isEmpty() ? "(unknown)" : String.join(".", path))
          + " at byte "
          + at
          + " of "
          + length;
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

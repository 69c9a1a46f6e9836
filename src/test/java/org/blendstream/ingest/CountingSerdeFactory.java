package org.blendstream.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.blendstream.BlendConfig;

/**
 * A user's {@code value.serde.factory} as the tests see it: the default wire format, but every
 * serialization is counted, per registry URL and record type, so a test can tell whether a record
 * went through this factory.
 */
public final class CountingSerdeFactory implements AvroSerdeFactory {

  private static final Map<String, AtomicInteger> SERIALIZED = new ConcurrentHashMap<>();

  /**
   * How many records of {@code type} were serialized through this factory under {@code config}'s
   * registry.
   */
  static int serialized(BlendConfig config, Class<?> type) {
    AtomicInteger count = SERIALIZED.get(key(config, type));
    return count == null ? 0 : count.get();
  }

  @Override
  public <T extends SpecificRecord> Serde<T> serde(Class<T> type, BlendConfig config) {
    Serde<T> inner = new WireFormatSerdeFactory().serde(type, config);
    AtomicInteger count = SERIALIZED.computeIfAbsent(key(config, type), k -> new AtomicInteger());
    return Serdes.serdeFrom(
        (topic, value) -> {
          count.incrementAndGet();
          return inner.serializer().serialize(topic, value);
        },
        inner.deserializer());
  }

  private static String key(BlendConfig config, Class<?> type) {
    return config.schemaRegistryUrl() + " " + type.getName();
  }
}

package org.blendstream.ingest;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.blendstream.BlendConfig;

/**
 * Makes the value serdes of every topic. The default speaks the Confluent wire format through our
 * own registry client; a user who has Confluent's serializer can plug a factory wrapping it through
 * {@code value.serde.factory}.
 */
public interface AvroSerdeFactory {

  <T extends SpecificRecord> Serde<T> serde(Class<T> type, BlendConfig config);

  /** The factory named in the config, instantiated. */
  static AvroSerdeFactory from(BlendConfig config) {
    return config.getConfiguredInstance(BlendConfig.VALUE_SERDE_FACTORY, AvroSerdeFactory.class);
  }
}

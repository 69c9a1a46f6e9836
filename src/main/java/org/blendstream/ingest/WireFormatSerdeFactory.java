package org.blendstream.ingest;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.blendstream.BlendConfig;

/** The default serde factory: our Confluent-compatible wire format over the configured registry. */
public final class WireFormatSerdeFactory implements AvroSerdeFactory {

  @Override
  public <T extends SpecificRecord> Serde<T> serde(Class<T> type, BlendConfig config) {
    return new SpecificAvroSerde<>(
        type,
        SchemaRegistryClients.forUrl(config.schemaRegistryUrl()),
        false,
        config.recordMaxBytes());
  }
}

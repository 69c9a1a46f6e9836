package org.blendstream.ingest;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A value larger than {@code record.max.bytes}. It is thrown by the serializer, not left to the
 * producer, so that Kafka Streams hands it to the production exception handler without aborting an
 * exactly-once transaction.
 */
public final class OversizedRecordException extends SerializationException {

  public OversizedRecordException(String message) {
    super(message);
  }
}

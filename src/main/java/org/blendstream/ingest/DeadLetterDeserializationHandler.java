package org.blendstream.ingest;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undecodable bytes go to the DLQ with the reason and the original bytes, and the app keeps
 * running.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
  private DeadLetters deadLetters;

  private static boolean registryUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryClient.RegistryUnavailableException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    deadLetters = DeadLetters.fromHandlerConfig(configs, "deserialization");
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception e) {
    if (registryUnavailable(e)) {
      // Nothing is wrong with the record: failing the thread aborts its transaction, and the thread
      // that replaces it
      // reads the record again from the committed offset, by when the registry may answer.
      LOG.warn(
          "holding record {}-{}@{}, not dead-lettering it: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return Response.fail();
    }
    LOG.warn(
        "dead-lettering undecodable record {}-{}@{}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        e.getMessage());
    return Response.resume(
        List.of(
            deadLetters.record(
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                record.value(),
                e)));
  }
}

package org.blendstream.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output record that cannot be written goes to the DLQ with the reason, and the stream thread
 * goes on with the next record instead of dying and, on restart, failing on the same record again.
 *
 * <p>Two paths lead here. The serializer refuses a value over {@code record.max.bytes} before the
 * producer sees it ({@link OversizedRecordException}); that is the path that keeps exactly-once
 * intact, and the letter carries the source record that caused the output. A send that the producer
 * or broker rejects (for instance a topic on a cluster with a smaller {@code max.message.bytes}) is
 * routed too, but under exactly-once the producer has already marked its transaction for abort, so
 * the batch is retried from the last commit; the README says how to keep the limits consistent so
 * that this path is not taken.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);
  private DeadLetters deadLetters;

  @Override
  public void configure(Map<String, ?> configs) {
    deadLetters = DeadLetters.fromHandlerConfig(configs, "production");
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception e) {
    if (e instanceof RetriableException) {
      return Response.retry();
    }
    // The send failed asynchronously: the context may describe a later record by now, so the letter
    // carries the
    // record that could not be written (as far as it fits), not the source bytes.
    LOG.warn(
        "dead-lettering a record that could not be written to {}: {}",
        record.topic(),
        e.toString());
    return Response.resume(
        List.of(
            deadLetters.record(
                record.topic(),
                partitionOf(record),
                -1L,
                record.key(),
                record.value(),
                e.getClass().getName(),
                "could not write to " + record.topic() + ": " + e.getMessage())));
  }

  @Override
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception e,
      SerializationExceptionOrigin origin) {
    String source = context == null ? null : context.topic();
    LOG.warn(
        "dead-lettering the output for {} of the record {}-{}@{}: {}",
        record.topic(),
        source,
        context == null ? -1 : context.partition(),
        context == null ? -1 : context.offset(),
        e.getMessage());
    String reason =
        "could not write "
            + origin.name().toLowerCase(Locale.ROOT)
            + " to "
            + record.topic()
            + ": "
            + e.getMessage();
    return Response.resume(
        List.of(
            context == null
                ? deadLetters.record(null, -1, -1L, null, null, errorClassOf(e), reason)
                : deadLetters.record(
                    source,
                    context.partition(),
                    context.offset(),
                    context.sourceRawKey(),
                    context.sourceRawValue(),
                    errorClassOf(e),
                    reason)));
  }

  private static String errorClassOf(Exception e) {
    return e instanceof OversizedRecordException ? DeadLetters.LIMIT : e.getClass().getName();
  }

  private static int partitionOf(ProducerRecord<?, ?> record) {
    return record.partition() == null ? -1 : record.partition();
  }
}

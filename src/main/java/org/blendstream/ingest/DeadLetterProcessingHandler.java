package org.blendstream.ingest;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that decoded but failed validation or processing goes to the DLQ with the source
 * record's original bytes (which Streams keeps for exactly this), and processing resumes with the
 * next record.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
  private DeadLetters deadLetters;

  @Override
  public void configure(Map<String, ?> configs) {
    deadLetters = DeadLetters.fromHandlerConfig(configs, "processing");
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception e) {
    if (!(e instanceof InvalidRecordException) && !(e instanceof OversizedRecordException)) {
      LOG.error(
          "dead-lettering record {}-{}@{} after a processing error in {}",
          context.topic(),
          context.partition(),
          context.offset(),
          context.processorNodeId(),
          e);
    } else {
      LOG.warn(
          "dead-lettering invalid record {}-{}@{}: {}",
          context.topic(),
          context.partition(),
          context.offset(),
          e.getMessage());
    }
    return Response.resume(
        List.of(
            deadLetters.record(
                context.topic(),
                context.partition(),
                context.offset(),
                context.sourceRawKey(),
                context.sourceRawValue(),
                e)));
  }
}

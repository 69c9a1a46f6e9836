package org.blendstream.ingest;

import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.blendstream.BlendConfig;
import org.blendstream.Topics;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.Request;

/**
 * The gate every input record passes before the assembler holds it in state: the data contract, and
 * the bound on a candidate's text. It runs on the source topic, before any re-keying, so that the
 * topic a candidate came from can still be compared with its model, and a record it refuses reaches
 * the DLQ with the bytes it arrived with.
 */
public final class InputAdmission {

  private InputAdmission() {}

  /**
   * Under {@code ingest.rekey=true} the key is replaced by the request id next, so only the payload
   * is checked.
   */
  public static final class Requests extends ContextualFixedKeyProcessor<String, Request, Request> {
    private final boolean checkKey;

    public Requests(BlendConfig config) {
      this.checkKey = !config.ingestRekey();
    }

    @Override
    public void process(FixedKeyRecord<String, Request> record) {
      Request request = record.value();
      if (request == null) {
        throw tombstone(record.key());
      }
      if (checkKey) {
        RecordValidator.validate(record.key(), request);
      } else {
        RecordValidator.validatePayload(request);
      }
      context().forward(record);
    }
  }

  public static final class Candidates
      extends ContextualFixedKeyProcessor<String, Candidate, Candidate> {
    private final boolean checkKey;
    private final int maxChars;
    private final Topics topics;

    public Candidates(BlendConfig config) {
      this.checkKey = !config.ingestRekey();
      this.maxChars = config.candidateMaxChars();
      this.topics = config.topics();
    }

    @Override
    public void process(FixedKeyRecord<String, Candidate> record) {
      Candidate candidate = record.value();
      if (candidate == null) {
        throw tombstone(record.key());
      }
      String topicModel =
          context().recordMetadata().map(m -> topics.modelOf(m.topic())).orElse(null);
      if (checkKey) {
        RecordValidator.validate(record.key(), candidate, topicModel);
      } else {
        RecordValidator.validatePayload(candidate, topicModel);
      }
      context().forward(record.withValue(CandidateText.truncate(candidate, maxChars)));
    }
  }

  /**
   * Input topics are not compacted and a request cannot be withdrawn, so a tombstone means nothing
   * here.
   */
  private static InvalidRecordException tombstone(String key) {
    return new InvalidRecordException(
        "tombstone (null value) for key '"
            + key
            + "': input topics carry no deletes; a request or candidate cannot be withdrawn");
  }
}

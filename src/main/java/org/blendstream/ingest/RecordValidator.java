package org.blendstream.ingest;

import org.blendstream.BlendConfig;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.Request;

/** The data contract every input record must meet before it may join a set. */
public final class RecordValidator {

  /**
   * Ids are record keys and repeat in every output; a bound keeps keys small next to {@code
   * record.max.bytes}.
   */
  public static final int MAX_ID_CHARS = 1024;

  private RecordValidator() {}

  public static void validate(String key, Request request) {
    validatePayload(request);
    requireKey(key, request.getRequestId(), "request");
  }

  public static void validate(String key, Candidate candidate, String topicModel) {
    validatePayload(candidate, topicModel);
    requireKey(key, candidate.getRequestId(), "candidate");
  }

  /** The rules that do not involve the key, for input that is re-keyed by its request id anyway. */
  public static void validatePayload(Request request) {
    requireId(request.getRequestId(), "request");
    if (isBlank(request.getInstruction()) && request.getHistory().isEmpty()) {
      throw new InvalidRecordException(
          "request " + request.getRequestId() + " has an empty instruction");
    }
    Long deadline = request.getDeadlineMs();
    if (deadline != null && (deadline < 1 || deadline > BlendConfig.MAX_DEADLINE_MS)) {
      // Out of range, a due time overflows or lies in the past: the set would never close, or close
      // before any answer.
      throw new InvalidRecordException(
          "request "
              + request.getRequestId()
              + " has deadline_ms "
              + deadline
              + "; it must be between 1 and "
              + BlendConfig.MAX_DEADLINE_MS
              + " (one day), or null for deadline.ms");
    }
  }

  public static void validatePayload(Candidate candidate, String topicModel) {
    requireId(candidate.getRequestId(), "candidate");
    if (isBlank(candidate.getModel())) {
      throw new InvalidRecordException(
          "candidate for " + candidate.getRequestId() + " has an empty model name");
    }
    if (topicModel != null && !topicModel.equals(candidate.getModel())) {
      throw new InvalidRecordException(
          "candidate of model '"
              + candidate.getModel()
              + "' was published on the topic of model '"
              + topicModel
              + "'");
    }
    if (isBlank(candidate.getText())) {
      throw new InvalidRecordException(
          "candidate of "
              + candidate.getModel()
              + " for "
              + candidate.getRequestId()
              + " has empty text");
    }
  }

  private static void requireId(String id, String what) {
    if (isBlank(id)) {
      throw new InvalidRecordException(what + " has an empty request_id");
    }
    if (id.length() > MAX_ID_CHARS) {
      throw new InvalidRecordException(
          what
              + " request_id has "
              + id.length()
              + " characters; at most "
              + MAX_ID_CHARS
              + " are allowed");
    }
  }

  /**
   * A record keyed otherwise than by its request id may sit on another partition than its siblings,
   * where it would form a second set for the same request; so both a missing key and a different
   * one are refused.
   */
  private static void requireKey(String key, String id, String what) {
    if (key == null) {
      throw new InvalidRecordException(
          what
              + " for request_id '"
              + id
              + "' has no key; records must be keyed by request_id so that one request's records"
              + " share a partition (or set ingest.rekey=true)");
    }
    if (!key.equals(id)) {
      throw new InvalidRecordException(
          what
              + " key '"
              + key
              + "' differs from its request_id '"
              + id
              + "'; records must be keyed by request_id so that one request's records share a"
              + " partition (or set ingest.rekey=true)");
    }
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}

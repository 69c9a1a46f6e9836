package org.blendstream.ingest;

import org.blendstream.avro.Candidate;
import org.blendstream.avro.Request;

/** The data contract every input record must meet before it may join a set. */
public final class RecordValidator {

  private RecordValidator() {}

  public static void validate(String key, Request request) {
    requireId(key, request.getRequestId(), "request");
    if (isBlank(request.getInstruction()) && request.getHistory().isEmpty()) {
      throw new InvalidRecordException("request " + request.getRequestId() + " has an empty instruction");
    }
  }

  public static void validate(String key, Candidate candidate, String topicModel) {
    requireId(key, candidate.getRequestId(), "candidate");
    if (isBlank(candidate.getModel())) {
      throw new InvalidRecordException("candidate for " + candidate.getRequestId() + " has an empty model name");
    }
    if (topicModel != null && !topicModel.equals(candidate.getModel())) {
      throw new InvalidRecordException("candidate of model '" + candidate.getModel()
          + "' was published on the topic of model '" + topicModel + "'");
    }
    if (isBlank(candidate.getText())) {
      throw new InvalidRecordException("candidate of " + candidate.getModel() + " for "
          + candidate.getRequestId() + " has empty text");
    }
  }

  private static void requireId(String key, String id, String what) {
    if (isBlank(id)) {
      throw new InvalidRecordException(what + " has an empty request_id");
    }
    if (key != null && !key.equals(id)) {
      throw new InvalidRecordException(what + " key '" + key + "' differs from its request_id '" + id
          + "'; records must be keyed by request_id so that one request's records share a partition");
    }
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}

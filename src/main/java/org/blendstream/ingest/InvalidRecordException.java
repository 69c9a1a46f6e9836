package org.blendstream.ingest;

/**
 * A record that decoded but breaks a rule of the data contract (empty id, empty text, a prompt that
 * disagrees with its siblings). The processing exception handler routes it to the DLQ and resumes.
 */
public final class InvalidRecordException extends RuntimeException {

  public InvalidRecordException(String message) {
    super(message);
  }
}

package org.blendstream.ingest;

/**
 * A record that decoded but breaks a rule of the data contract (empty id, empty text, a prompt that
 * disagrees with its siblings) or a limit (too many candidates for one set). The processing
 * exception handler routes it to the DLQ, under its error class, and resumes.
 */
public final class InvalidRecordException extends RuntimeException {

  private final String errorClass;

  public InvalidRecordException(String message) {
    this(DeadLetters.VALIDATION, message);
  }

  /**
   * With the dead letter's error class, e.g. {@link DeadLetters#LIMIT}, so the DLQ can be counted
   * by kind.
   */
  public InvalidRecordException(String errorClass, String message) {
    super(message);
    this.errorClass = errorClass;
  }

  public String errorClass() {
    return errorClass;
  }
}

package org.blendstream.model.chat;

/**
 * A chat completion that did not produce a usable answer: an HTTP error, a timeout, a body that is
 * not the API's.
 */
public final class ChatException extends RuntimeException {

  private final boolean timeout;

  public ChatException(String message) {
    this(message, false);
  }

  public ChatException(String message, boolean timeout) {
    super(message);
    this.timeout = timeout;
  }

  /**
   * True when the call ran out of time (its own timeout or the set's budget), rather than failed.
   */
  public boolean timeout() {
    return timeout;
  }
}

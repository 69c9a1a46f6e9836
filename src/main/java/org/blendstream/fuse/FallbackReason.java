package org.blendstream.fuse;

/** The texts written to {@code fallback_reason}; each starts with a fixed phrase so that it can be counted. */
public final class FallbackReason {

  public static final String SET_TOO_SMALL = "set too small";
  public static final String FUSER_ERROR = "fuser error";
  public static final String FUSER_TIMEOUT = "fuser timeout";
  public static final String EMPTY_GENERATION = "empty generation";

  private FallbackReason() {}

  static String setTooSmall(int candidates) {
    return SET_TOO_SMALL + ": " + candidates + " candidate" + (candidates == 1 ? "" : "s");
  }

  static String fuserError(Throwable e) {
    String message = e.getMessage() == null ? "" : ": " + e.getMessage();
    return FUSER_ERROR + ": " + e.getClass().getSimpleName() + message;
  }

  static String fuserTimeout(long budgetMs) {
    return FUSER_TIMEOUT + ": over the budget of " + budgetMs + " ms";
  }
}

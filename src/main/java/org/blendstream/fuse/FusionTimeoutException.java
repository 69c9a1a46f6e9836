package org.blendstream.fuse;

/** Fusion ran past its per-request budget; the fusion step falls back to selection. */
public final class FusionTimeoutException extends RuntimeException {

  public FusionTimeoutException(long budgetMs) {
    super("fusion exceeded its budget of " + budgetMs + " ms");
  }
}

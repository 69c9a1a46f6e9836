package org.blendstream.fuse;

/**
 * The wall-clock point by which fusion must finish. Decoders check it between steps, so a request
 * over budget stops within one decoder step and the thread is free for the next record.
 */
public final class FusionDeadline {

  private final long budgetMs;
  private final long expiresAtNanos;

  private FusionDeadline(long budgetMs, long expiresAtNanos) {
    this.budgetMs = budgetMs;
    this.expiresAtNanos = expiresAtNanos;
  }

  public static FusionDeadline in(long budgetMs) {
    return new FusionDeadline(budgetMs, System.nanoTime() + budgetMs * 1_000_000L);
  }

  public static FusionDeadline none() {
    return new FusionDeadline(Long.MAX_VALUE, Long.MAX_VALUE);
  }

  /**
   * Nanoseconds until the deadline; a day for {@link #none()}, so that callers can add it to a
   * clock reading.
   */
  public long nanosLeft() {
    if (expiresAtNanos == Long.MAX_VALUE) {
      return 86_400_000_000_000L;
    }
    return expiresAtNanos - System.nanoTime();
  }

  public long budgetMs() {
    return budgetMs;
  }

  public boolean expired() {
    return expiresAtNanos != Long.MAX_VALUE && System.nanoTime() - expiresAtNanos >= 0;
  }

  /** Throws {@link FusionTimeoutException} once the budget is spent. */
  public void check() {
    if (expired()) {
      throw new FusionTimeoutException(budgetMs);
    }
  }
}

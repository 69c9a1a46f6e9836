package org.blendstream.runtime;

import java.io.PrintWriter;

/** A one-line progress bar with rate and ETA on stderr, redrawn at most a few times a second. */
public final class Progress {

  private final String label;
  private final long total;
  private final PrintWriter err;
  private final long startNanos = System.nanoTime();
  private long done;
  private long lastPrint;

  public Progress(String label, long total) {
    this(label, total, new PrintWriter(System.err, true));
  }

  /**
   * On the command's own stderr writer, so that tests and embedding callers see it where the
   * command writes.
   */
  public Progress(String label, long total, PrintWriter err) {
    this.label = label;
    this.total = total;
    this.err = err;
  }

  public void step() {
    update(done + 1);
  }

  /** Sets how many are done so far, for work counted elsewhere (a stream job's own threads). */
  public void update(long doneSoFar) {
    done = doneSoFar;
    long now = System.nanoTime();
    if (now - lastPrint > 250_000_000L || done == total) {
      lastPrint = now;
      print(false);
    }
  }

  public void done() {
    print(true);
  }

  private void print(boolean last) {
    double secs = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    double rate = done / secs;
    int width = 30;
    int filled = total == 0 ? width : (int) Math.min(width, width * done / total);
    String eta = rate > 0 && total > done ? String.format(" ETA %.0fs", (total - done) / rate) : "";
    err.printf(
        "\r%s [%s%s] %d/%d %.1f/s%s   %s",
        label,
        "#".repeat(filled),
        ".".repeat(width - filled),
        done,
        total,
        rate,
        eta,
        last ? "\n" : "");
    err.flush();
  }
}

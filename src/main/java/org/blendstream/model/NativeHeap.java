package org.blendstream.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the memory libtorch frees for the next forward pass. libtorch allocates CPU tensors with
 * malloc, and with glibc's defaults a forward pass over a batch of pairs page-faults through about
 * 100 MB of fresh, zeroed pages per encoder layer: arrays at or above the mmap threshold get their
 * own mapping, which is unmapped on free, and freed space at the top of a heap is given back once
 * it passes the trim threshold. Those faults cost a third of a pass (145 against 89 ms a layer for
 * 16 pairs of 240 tokens, measured side by side). So the threshold is raised to glibc's largest, 32
 * MiB, which the encoder keeps its arrays below, and freed memory is trimmed only past {@link
 * #KEPT_BYTES}. The price is resident memory: freed arrays stay mapped, and the peak RSS of {@code
 * bench --json} rose from 948 to 1,334 MB. A user's own {@code GLIBC_TUNABLES} malloc settings are
 * left as they are. Elsewhere than glibc this does nothing.
 */
public final class NativeHeap {

  /** glibc's largest mmap threshold on 64-bit (HEAP_MAX_SIZE / 2); larger requests are refused. */
  private static final int MMAP_THRESHOLD_BYTES = 32 << 20;

  /** Free memory a heap keeps at its top before it is trimmed. */
  static final int KEPT_BYTES = 64 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(NativeHeap.class);
  private static final int M_TRIM_THRESHOLD = -1;
  private static final int M_MMAP_THRESHOLD = -3;
  private static boolean configured;

  interface LibC extends Library {
    int mallopt(int param, int value);
  }

  private NativeHeap() {}

  /** Idempotent; called before the first model loads. */
  public static synchronized void keepFreedTensors() {
    if (configured) {
      return;
    }
    configured = true;
    String tunables = System.getenv("GLIBC_TUNABLES");
    if (!System.getProperty("os.name", "").startsWith("Linux")
        || (tunables != null && tunables.contains("glibc.malloc."))) {
      return;
    }
    try {
      LibC libc = Native.load("c", LibC.class);
      // mallopt answers 1 on success; a fixed mmap threshold also turns off glibc's own adjustment
      // of it.
      if (libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) != 1
          || libc.mallopt(M_TRIM_THRESHOLD, KEPT_BYTES) != 1) {
        LOG.warn("mallopt refused the tensor heap settings; forward passes will page-fault more");
      }
    } catch (LinkageError e) { // no mallopt in this C library, or no JNA on the classpath
      LOG.debug("no mallopt in this C library; freed native memory goes back to the OS", e);
    }
  }
}

package org.blendstream.model.builtin;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands freed native memory back to the OS after a forward pass. libtorch allocates its CPU tensors with malloc;
 * glibc keeps what a thread freed in that thread's arena for reuse, and once a large block has been freed it
 * raises its mmap threshold, so the next tens-of-megabytes attention arrays come from (and stay in) the arenas too.
 * Over a run that retained hundreds of megabytes of already freed tensors as resident memory. {@code malloc_trim}
 * releases them; it takes about a millisecond against a forward pass of a second. Elsewhere than glibc it is a
 * no-op.
 */
final class NativeHeap {

  private static final Logger LOG = LoggerFactory.getLogger(NativeHeap.class);

  interface LibC extends Library {
    int malloc_trim(long pad);
  }

  private static final LibC LIBC = load();

  private NativeHeap() {}

  static void trim() {
    if (LIBC != null) {
      LIBC.malloc_trim(0);
    }
  }

  private static LibC load() {
    if (!System.getProperty("os.name", "").startsWith("Linux")) {
      return null;
    }
    try {
      LibC libc = Native.load("c", LibC.class);
      libc.malloc_trim(0);
      return libc;
    } catch (LinkageError e) { // no libc symbol, or no JNA on the classpath
      LOG.debug("no malloc_trim in this C library; freed native memory stays with the allocator", e);
      return null;
    }
  }
}

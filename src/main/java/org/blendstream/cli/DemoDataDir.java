package org.blendstream.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Where a demo keeps its broker log and state: a temporary folder that goes away when the demo ends, however it
 * ends (a shutdown hook covers Ctrl-C), unless the user asked to keep it or named a folder of their own.
 */
final class DemoDataDir implements AutoCloseable {

  private final Path path;
  private final boolean delete;
  private final AtomicReference<AutoCloseable> running = new AtomicReference<>();
  private final Thread hook;

  private DemoDataDir(Path path, boolean delete) {
    this.path = path;
    this.delete = delete;
    this.hook = delete ? new Thread(this::stopAndDelete, "blendstream-demo-cleanup") : null;
    if (hook != null) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
  }

  /** A fresh temporary folder, deleted on close unless {@code keep}. */
  static DemoDataDir temporary(boolean keep) {
    try {
      return new DemoDataDir(Files.createTempDirectory("blendstream-demo-"), !keep);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary data dir", e);
    }
  }

  /** The user's folder: never deleted. */
  static DemoDataDir given(Path path) {
    return new DemoDataDir(path, false);
  }

  Path path() {
    return path;
  }

  boolean deletedOnClose() {
    return delete;
  }

  /**
   * What must stop before the folder can go (the broker writes into it): {@link #stop()} or, when the JVM exits
   * early, the shutdown hook stops it, whichever comes first, once.
   */
  void stopFirst(AutoCloseable app) {
    running.set(app);
  }

  void stop() throws Exception {
    AutoCloseable app = running.getAndSet(null);
    if (app != null) {
      app.close();
    }
  }

  @Override
  public void close() {
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        return; // the hook is running and deletes the folder itself
      }
      stopAndDelete();
    }
  }

  private void stopAndDelete() {
    try {
      stop();
    } catch (Exception e) {
      // Still delete what can be deleted: a half-stopped broker must not leave the folder behind.
    }
    try (Stream<Path> paths = Files.walk(path)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Gone already, or vanishing under the walk: nothing left to do.
    }
  }
}

package org.blendstream.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.blendstream.BlendConfig;

/**
 * Where a demo keeps its broker log and state: a temporary folder that goes away when the demo
 * ends, however it ends (a shutdown hook covers Ctrl-C), unless the user asked to keep it or named
 * a folder of their own.
 */
public final class DemoDataDir implements AutoCloseable {

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

  public static final String PREFIX = "blendstream-demo-";

  /**
   * Names the process that owns a temporary folder, so that a later demo can tell an orphan from a
   * live run.
   */
  public static final String OWNER_FILE = "demo.pid";

  /**
   * A fresh temporary folder, deleted on close unless {@code keep}. A demo killed with SIGKILL runs
   * no hook, so first this removes the folders of earlier demos whose process is gone; kept folders
   * have no owner file and stay.
   */
  public static DemoDataDir temporary(boolean keep) {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    removeOrphans(tmp);
    try {
      Path dir = Files.createTempDirectory(tmp, PREFIX);
      if (!keep) {
        Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
      }
      return new DemoDataDir(dir, !keep);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary data dir in " + tmp, e);
    }
  }

  public static void removeOrphans(Path tmp) {
    try (Stream<Path> dirs = Files.list(tmp)) {
      dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX) && isOrphan(d))
          .forEach(DemoDataDir::deleteTree);
    } catch (IOException | UncheckedIOException e) {
      // An unreadable temp dir only means orphans stay; the new demo does not depend on it.
    }
  }

  private static boolean isOrphan(Path dir) {
    try {
      long pid = Long.parseLong(Files.readString(dir.resolve(OWNER_FILE)).strip());
      return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    } catch (IOException | NumberFormatException e) {
      return false; // no owner file: kept on purpose, or not ours
    }
  }

  /** The user's folder: never deleted. */
  public static DemoDataDir given(Path path) {
    return new DemoDataDir(path, false);
  }

  public Path path() {
    return path;
  }

  public boolean deletedOnClose() {
    return delete;
  }

  /** Starts the pipeline of {@code config} in this folder, to be stopped before the folder goes. */
  public BlendApp start(BlendConfig config) {
    Map<String, Object> flags = new HashMap<>(config.originals());
    flags.put(BlendConfig.DATA_DIR, path().toString());
    BlendApp app = BlendApp.start(BlendConfig.load(null, Map.of(), flags));
    stopFirst(app);
    return app;
  }

  /**
   * What must stop before the folder can go (the broker writes into it): {@link #stop()} or, when
   * the JVM exits early, the shutdown hook stops it, whichever comes first, once.
   */
  public void stopFirst(AutoCloseable app) {
    running.set(app);
  }

  public void stop() throws Exception {
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
    deleteTree(path);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Gone already, or vanishing under the walk: nothing left to do.
    }
  }
}

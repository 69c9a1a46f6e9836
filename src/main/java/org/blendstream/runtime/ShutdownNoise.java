package org.blendstream.runtime;

import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutes one logger while the embedded broker stops. In combined KRaft mode the controller closes
 * its registration channel twice on shutdown, and the second close warns "Attempting to close
 * NetworkClient that has already been closed" on every healthy stop. That logger also carries the
 * warnings a user needs ("connection to node … could not be established"), so it cannot be silenced
 * for good; slf4j-simple fixes a logger's level at creation and has no setter, hence the field. Any
 * other logging backend, and {@code --verbose}, are left as they are.
 */
final class ShutdownNoise {

  private static final String NOISY = "org.apache.kafka.clients.NetworkClient";
  // slf4j-simple's LOG_LEVEL_WARN and LOG_LEVEL_ERROR
  private static final int WARN = 30;
  private static final int ERROR = 40;

  private ShutdownNoise() {}

  static void muted(Runnable shutdown) {
    Logger logger = LoggerFactory.getLogger(NOISY);
    Field level = levelField(logger);
    Integer before = null;
    try {
      if (level != null
          && level.getInt(logger) == WARN) { // at info or below (--verbose) it shows, as asked
        before = WARN;
        level.setInt(logger, ERROR);
      }
    } catch (IllegalAccessException e) {
      before = null;
    }
    try {
      shutdown.run();
    } finally {
      if (before != null) {
        try {
          level.setInt(logger, before);
        } catch (IllegalAccessException ignored) {
          // Set a moment ago through the same field: cannot happen.
        }
      }
    }
  }

  private static Field levelField(Logger logger) {
    if (!logger.getClass().getName().equals("org.slf4j.simple.SimpleLogger")) {
      return null;
    }
    try {
      Field f = logger.getClass().getDeclaredField("currentLogLevel");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}

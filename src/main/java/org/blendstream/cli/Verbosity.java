package org.blendstream.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Raises log levels for {@code --verbose}. slf4j-simple reads its levels once per logger, at the
 * logger's creation, preferring system properties over {@code simplelogger.properties}; so this
 * must run before anything logs, and it overrides every per-logger level the file sets, not only
 * the default.
 */
final class Verbosity {

  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private Verbosity() {}

  static void raise() {
    System.setProperty(PREFIX + "defaultLogLevel", "info");
    Properties file = new Properties();
    try (InputStream in = Verbosity.class.getResourceAsStream("/simplelogger.properties")) {
      if (in != null) {
        file.load(in);
      }
    } catch (IOException e) {
      // Without the file there are no per-logger levels to override; the default above is enough.
    }
    for (String key : file.stringPropertyNames()) {
      if (key.startsWith(PREFIX + "log.")) {
        System.setProperty(key, "info");
      }
    }
    System.setProperty(PREFIX + "log.org.blendstream", "debug");
  }
}

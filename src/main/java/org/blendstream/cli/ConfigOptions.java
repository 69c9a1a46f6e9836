package org.blendstream.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.blendstream.BlendConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options every pipeline command shares. Config is layered the Kafka way: the properties file,
 * then {@code BLENDSTREAM_*} environment variables, then these flags.
 */
final class ConfigOptions {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Properties file (see README for keys).")
  Path configFile;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      description =
          "Kafka cluster to use; without it (and --schema-registry) an embedded broker starts.")
  String bootstrapServers;

  @Option(
      names = "--schema-registry",
      paramLabel = "URL",
      description = "Confluent-compatible schema registry URL.")
  String schemaRegistry;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Embedded broker and state directory (default .blendstream).")
  String dataDir;

  @Option(
      names = "--verbose",
      description = "Log everything at info (blendstream at debug), Kafka and DJL included.")
  void verbose(boolean on) {
    // Picocli sets options while parsing, before any command runs and so before the first logger is
    // created.
    if (on) {
      Verbosity.raise();
    }
  }

  @Option(
      names = {"-D", "--set"},
      paramLabel = "KEY=VALUE",
      description = "Any config key, e.g. -D deadline.ms=2000.")
  Map<String, String> settings = new LinkedHashMap<>();

  BlendConfig load(Map<String, Object> commandDefaults, Map<String, Object> commandFlags) {
    Properties file = new Properties();
    if (configFile != null) {
      try (InputStream in = Files.newInputStream(configFile)) {
        file.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read config file " + configFile.toAbsolutePath(), e);
      }
    }
    // A command's defaults sit under the file, so that a user's file and env still win over them.
    Properties layered = new Properties();
    commandDefaults.forEach(layered::put);
    layered.putAll(file);
    Map<String, Object> flags = new HashMap<>(settings);
    putIfSet(flags, BlendConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    putIfSet(flags, BlendConfig.SCHEMA_REGISTRY_URL, schemaRegistry);
    putIfSet(flags, BlendConfig.DATA_DIR, dataDir);
    commandFlags.forEach((k, v) -> putIfSet(flags, k, v));
    return BlendConfig.load(layered, System.getenv(), flags);
  }

  /**
   * The config of a command that works on a running cluster. Without one that is a usage error
   * (exit 2), not an embedded broker started for nothing; an embedded {@code run} prints the
   * addresses to give.
   */
  BlendConfig loadCluster(CommandSpec spec, Map<String, Object> commandFlags) {
    BlendConfig config = load(Map.of(), commandFlags);
    if (config.embeddedBroker() || config.embeddedRegistry()) {
      throw new ParameterException(
          spec.commandLine(),
          spec.name()
              + " works on a running cluster: give --bootstrap-servers and --schema-registry (an"
              + " embedded `run` listens on 127.0.0.1:9092 and http://127.0.0.1:8081)");
    }
    return config;
  }

  private static void putIfSet(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}

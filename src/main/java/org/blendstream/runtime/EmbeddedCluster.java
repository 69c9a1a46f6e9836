package org.blendstream.runtime;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.blendstream.BlendConfig;
import org.blendstream.runtime.registry.EmbeddedSchemaRegistry;

/**
 * The embedded broker and schema registry started together over one data directory, for the {@code
 * run} and {@code demo} commands and integration tests. Restarting on the same directory keeps
 * topics, offsets, state changelogs and schema ids.
 */
public final class EmbeddedCluster implements AutoCloseable {

  /**
   * Subdirectory of the data dir that holds the broker's log, beside Streams state and model
   * caches.
   */
  public static final String KAFKA_SUBDIR = "kafka";

  private final EmbeddedKafkaBroker broker;
  private EmbeddedSchemaRegistry registry;
  private CompletableFuture<Void> registryStart;
  private int registryPort;
  private final String registryBindAddress;

  private EmbeddedCluster(
      Path dataDir,
      int brokerPort,
      int registryPort,
      String registryBindAddress,
      Map<String, String> brokerOverrides) {
    this.broker =
        new EmbeddedKafkaBroker(dataDir.resolve(KAFKA_SUBDIR), brokerPort, brokerOverrides);
    this.registryPort = registryPort;
    this.registryBindAddress = registryBindAddress;
  }

  /** Starts both on free ports. */
  public static EmbeddedCluster start(Path dataDir) {
    return start(dataDir, 0, 0);
  }

  /** Starts both; a port of 0 picks a free one. Blocks until both serve requests. */
  public static EmbeddedCluster start(Path dataDir, int brokerPort, int registryPort) {
    return start(dataDir, brokerPort, registryPort, EmbeddedSchemaRegistry.LOOPBACK, Map.of());
  }

  /**
   * As above, with the broker limits ({@code record.max.bytes}) and registry bind address of the
   * pipeline config.
   */
  public static EmbeddedCluster start(
      Path dataDir, int brokerPort, int registryPort, BlendConfig config) {
    EmbeddedCluster cluster = startBroker(dataDir, brokerPort, registryPort, config);
    cluster.awaitRegistry();
    return cluster;
  }

  /**
   * As above, but returns once the broker serves, while the registry replays {@code _schemas} on
   * its own thread (its port, if 0, is picked now, so that {@link #schemaRegistryUrl()} is known at
   * once). After a kill -9 the replay waits seconds for the partitions' leaders to come back; the
   * caller creates its topics and Streams apps meanwhile and calls {@link #awaitRegistry()} before
   * anything reads or writes a schema.
   */
  public static EmbeddedCluster startBroker(
      Path dataDir, int brokerPort, int registryPort, BlendConfig config) {
    EmbeddedCluster cluster =
        new EmbeddedCluster(
            dataDir,
            brokerPort,
            registryPort,
            config.embeddedRegistryBindAddress(),
            Map.of(
                "message.max.bytes",
                Integer.toString(config.transportMaxBytes()),
                EmbeddedKafkaBroker.SESSION_TIMEOUT,
                Integer.toString(config.embeddedBrokerSessionTimeoutMs())));
    cluster.startComponents();
    return cluster;
  }

  private static EmbeddedCluster start(
      Path dataDir,
      int brokerPort,
      int registryPort,
      String registryBindAddress,
      Map<String, String> brokerOverrides) {
    EmbeddedCluster cluster =
        new EmbeddedCluster(
            dataDir, brokerPort, registryPort, registryBindAddress, brokerOverrides);
    cluster.startComponents();
    cluster.awaitRegistry();
    return cluster;
  }

  private void startComponents() {
    broker.start();
    if (registryPort == 0) {
      registryPort = FreePort.pick();
    }
    registry =
        new EmbeddedSchemaRegistry(broker.bootstrapServers(), registryBindAddress, registryPort);
    registryStart = new CompletableFuture<>();
    Thread replay =
        new Thread(
            () -> {
              try {
                registry.start();
                registryStart.complete(null);
              } catch (RuntimeException e) {
                registryStart.completeExceptionally(e);
              }
            },
            "blendstream-registry-start");
    replay.setDaemon(true);
    replay.start();
  }

  /** Blocks until the registry serves; if it could not start, stops the broker and throws why. */
  public void awaitRegistry() {
    try {
      registryStart.join();
    } catch (CompletionException e) {
      broker.close();
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public String schemaRegistryUrl() {
    return registry.url();
  }

  /** The config with the addresses of this cluster filled in, for everything started after it. */
  public BlendConfig applyTo(BlendConfig config) {
    return config.with(
        Map.of(
            BlendConfig.BOOTSTRAP_SERVERS, bootstrapServers(),
            BlendConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl()));
  }

  /** Registry first: it writes to the broker, so the broker must outlive it. */
  @Override
  public void close() {
    try {
      // A registry still replaying is waited for (its reads end within their timeout once the
      // broker answers), so
      // that its producer is closed too.
      if (registry != null) {
        registryStart.exceptionally(e -> null).join();
        registry.close();
      }
    } finally {
      broker.close();
    }
  }
}

package org.blendstream.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.blendstream.BlendConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real broker and schema registry in a temporary directory, one per test class:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final KafkaTestCluster KAFKA = new KafkaTestCluster();
 * </pre>
 *
 * Starting a broker costs seconds, so tests of a class share it and should use distinct topic
 * names. It can also be driven by hand ({@link #start()}/{@link #close()}) from
 * {@code @BeforeAll}/{@code @AfterAll}.
 */
public final class KafkaTestCluster implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  private Path dataDir;
  private EmbeddedCluster cluster;
  private int brokerPort;
  private int registryPort;

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Starts on a fresh temporary directory, which {@link #close()} deletes. */
  public KafkaTestCluster start() {
    try {
      dataDir = Files.createTempDirectory("blendstream-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    cluster = EmbeddedCluster.start(dataDir);
    brokerPort = portOf(cluster.bootstrapServers());
    registryPort = portOf(cluster.schemaRegistryUrl());
    return this;
  }

  /**
   * Stops both and starts them again on the same directory and ports, as a process restart would.
   */
  public void restart() {
    stopKeepingData();
    cluster = EmbeddedCluster.start(dataDir, brokerPort, registryPort);
  }

  /** Stops both but keeps the directory, to test what survives. */
  public void stopKeepingData() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  public String bootstrapServers() {
    return running().bootstrapServers();
  }

  public String schemaRegistryUrl() {
    return running().schemaRegistryUrl();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** A new admin client; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  /**
   * A config pointing at this cluster, with the data dir and any overrides (such as {@code
   * models}).
   */
  public BlendConfig config(Map<String, ?> overrides) {
    Map<String, Object> props = new HashMap<>(overrides);
    props.put(BlendConfig.DATA_DIR, dataDir.toString());
    return running().applyTo(new BlendConfig(props));
  }

  @Override
  public void close() {
    stopKeepingData();
    if (dataDir != null) {
      deleteRecursively(dataDir);
      dataDir = null;
    }
  }

  private EmbeddedCluster running() {
    if (cluster == null) {
      throw new IllegalStateException("the test cluster is not running");
    }
    return cluster;
  }

  private static int portOf(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete test data " + dir, e);
    }
  }
}

package org.blendstream.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.blendstream.BlendConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) on 127.0.0.1, for the embedded
 * {@code run}/{@code demo} mode and integration tests. {@code KafkaRaftServer} and the storage
 * {@code Formatter} are internal Kafka APIs that change between releases, so every use of them
 * stays in this class. The log directory survives restarts: storage is formatted only when it has
 * never been.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String META_PROPERTIES = "meta.properties";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** The broker setting that {@code embedded.broker.session.timeout.ms} sets. */
  static final String SESSION_TIMEOUT = "broker.session.timeout.ms";

  static final int DEFAULT_SESSION_TIMEOUT_MS = 3_000;
  static final String HEARTBEAT_INTERVAL = "broker.heartbeat.interval.ms";

  private final Path logDir;
  private final Map<String, String> overrides;
  private int port;
  private KafkaRaftServer server;

  /**
   * A broker whose log lives in {@code logDir}; port 0 picks a free port on first start and keeps
   * it.
   */
  public EmbeddedKafkaBroker(Path logDir, int port) {
    this(logDir, port, Map.of());
  }

  /**
   * As above, with broker settings that replace the embedded defaults (e.g. {@code
   * num.partitions}).
   */
  public EmbeddedKafkaBroker(Path logDir, int port, Map<String, String> overrides) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "port must be 0 (pick a free one) or 1..65535, was " + port);
    }
    this.logDir = logDir.toAbsolutePath();
    this.port = port;
    this.overrides = Map.copyOf(overrides);
  }

  /**
   * Formats the log directory if it is new, starts the broker and blocks until it serves clients.
   */
  public synchronized EmbeddedKafkaBroker start() {
    if (server != null) {
      throw new IllegalStateException("broker on " + bootstrapServers() + " is already running");
    }
    long begin = System.nanoTime();
    if (port == 0) {
      port = FreePort.pick();
    }
    // The controller port is only spoken to by this process, and a static voter set takes its
    // address
    // from the config on every start, so it may change between restarts.
    KafkaConfig config = new KafkaConfig(serverProperties(FreePort.pick()), false);
    try {
      Files.createDirectories(logDir);
      if (!Files.exists(logDir.resolve(META_PROPERTIES))) {
        format(config);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka log directory " + logDir, e);
    }
    KafkaRaftServer raft = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      raft.startup();
      server = raft;
      awaitClusterAnswers();
    } catch (RuntimeException e) {
      server = null;
      stopQuietly(raft);
      throw new IllegalStateException(
          "embedded Kafka broker did not start on "
              + bootstrapServers()
              + " with log directory "
              + logDir
              + ": "
              + e.getMessage(),
          e);
    }
    LOG.info(
        "Embedded Kafka broker serving {} (log dir {}) after {} ms",
        bootstrapServers(),
        logDir,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    return this;
  }

  public String bootstrapServers() {
    if (port == 0) {
      throw new IllegalStateException("the broker has not started yet, so it has no port");
    }
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /**
   * Stops the broker and waits until its log is flushed and closed, so a restart recovers nothing.
   */
  @Override
  public synchronized void close() {
    if (server == null) {
      return;
    }
    KafkaRaftServer raft = server;
    server = null;
    ShutdownNoise.muted(
        () -> {
          raft.shutdown();
          raft.awaitShutdown();
        });
    LOG.debug("Embedded Kafka broker on 127.0.0.1:{} stopped", port);
  }

  private Properties serverProperties(int controllerPort) {
    Map<String, String> p = new HashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + port
            + ","
            + CONTROLLER_LISTENER
            + "://127.0.0.1:"
            + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    // One replica everywhere: the defaults (3) would leave the internal topics, and with them
    // consumer groups and transactions, unavailable on a single node.
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("min.insync.replicas", "1");
    p.put("default.replication.factor", "1");
    // Fewer internal partitions make the first group join and the first transaction
    // (exactly_once_v2)
    // fast, instead of waiting for 50 partitions to get leaders.
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("num.partitions", "1");
    // The default record.max.bytes plus framing, as StreamsSettings and TopicSetup use; BlendApp
    // passes the configured one.
    p.put(
        "message.max.bytes",
        Integer.toString(
            BlendConfig.DEFAULT_RECORD_MAX_BYTES + BlendConfig.FRAMING_ALLOWANCE_BYTES));
    p.put("group.initial.rebalance.delay.ms", "0");
    // A producer writing to a topic nobody created would get one partition and silently break the
    // co-partitioning of request and candidate topics; TopicSetup creates topics instead.
    p.put("auto.create.topics.enable", "false");
    p.put("auto.leader.rebalance.enable", "false");
    // With one voter there is nobody to wait for: a short election timeout gets the controller
    // elected at once.
    p.put("controller.quorum.election.timeout.ms", "200");
    p.put("controller.quorum.fetch.timeout.ms", "400");
    // The session is a trade: after a kill -9 the restarted controller holds the old broker's
    // registration for one
    // session from its activation before the new broker may register (DUPLICATE_BROKER_REGISTRATION
    // until then), so
    // every second of it is a second of outage; too short, and a stalled JVM (GC, a starved CPU)
    // fences the only
    // broker, whose partitions then have no leader until its next heartbeat unfences it (a pause,
    // not a loss).
    p.put(SESSION_TIMEOUT, Integer.toString(DEFAULT_SESSION_TIMEOUT_MS));
    // The cleaner must run (_schemas and changelogs are compacted), but needs no 128 MB buffer
    // here.
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    p.put("log.cleaner.threads", "1");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("background.threads", "4");
    p.putAll(overrides);
    p.putIfAbsent(
        HEARTBEAT_INTERVAL,
        Integer.toString(heartbeatIntervalMs(Integer.parseInt(p.get(SESSION_TIMEOUT)))));
    Properties props = new Properties();
    props.putAll(p);
    return props;
  }

  /**
   * Six heartbeats a session, so that five in a row may be late before the controller fences its
   * own broker. Not under 100 ms: the controller gives a heartbeat half the interval to get through
   * its event queue (ControllerApis) and the broker gives the RPC one interval, and at 200 ms a
   * 2-core machine busy ranking timed out its own broker's heartbeats (REQUEST_TIMED_OUT, then
   * errors about slow events); a late one is only sent again. Not over a second, which unfences a
   * starting broker within about a second (one interval in RECOVERY).
   */
  static int heartbeatIntervalMs(int sessionTimeoutMs) {
    return Math.max(100, Math.min(1_000, sessionTimeoutMs / 6));
  }

  private void format(KafkaConfig config) {
    String clusterId = Uuid.randomUuid().toString();
    Formatter formatter =
        new Formatter()
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setNodeId(NODE_ID)
            .setClusterId(clusterId)
            .setDirectories(List.of(logDir.toString()))
            .setMetadataLogDirectory(config.metadataLogDir())
            .setControllerListenerName(CONTROLLER_LISTENER)
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
    try {
      formatter.run();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
    }
    LOG.debug("Formatted new Kafka storage in {} with cluster id {}", logDir, clusterId);
  }

  private void awaitClusterAnswers() {
    Map<String, Object> conf =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            5_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) START_TIMEOUT.toMillis());
    try (Admin admin = Admin.create(conf)) {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) START_TIMEOUT.toMillis()))
          .nodes()
          .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("describeCluster failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "no describeCluster answer within " + START_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker", e);
    }
  }

  private static void stopQuietly(KafkaRaftServer raft) {
    try {
      raft.shutdown();
      raft.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("Embedded Kafka broker failed to stop after a failed start", e);
    }
  }
}

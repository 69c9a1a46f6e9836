package org.blendstream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.blendstream.fuse.FusionStep;
import org.blendstream.fuse.FusionSteps;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Rankers;
import org.blendstream.runtime.EmbeddedCluster;
import org.blendstream.runtime.TopicSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running pipeline: the embedded broker and registry when no cluster is configured, the topics,
 * and the two Kafka Streams apps (assembly, blending). {@code run}, {@code demo} and the end-to-end tests all
 * start it here.
 */
public final class BlendApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BlendApp.class);

  private final EmbeddedCluster cluster;
  private final BlendConfig config;
  private final List<KafkaStreams> streams;
  private final List<SharedSupplier<?>> models;

  private BlendApp(EmbeddedCluster cluster, BlendConfig config, List<KafkaStreams> streams,
                   List<SharedSupplier<?>> models) {
    this.cluster = cluster;
    this.config = config;
    this.streams = streams;
    this.models = models;
  }

  /** Models load first, so that a bad model path stops startup before any broker is touched. */
  public static BlendApp start(BlendConfig config) {
    SharedSupplier<Ranker> rankers = Rankers.supplier(config);
    SharedSupplier<FusionStep> fusionSteps;
    try {
      fusionSteps = FusionSteps.shared(config);
    } catch (RuntimeException e) {
      rankers.close();
      throw e;
    }
    return start(config, rankers, fusionSteps);
  }

  /** Lets tests inject a ranker or blend step (for instance one that fails on purpose). */
  public static BlendApp start(BlendConfig requested, SharedSupplier<Ranker> rankers,
                               SharedSupplier<FusionStep> fusionSteps) {
    EmbeddedCluster cluster = null;
    BlendConfig config = requested;
    try {
      if (requested.embeddedBroker() || requested.embeddedRegistry()) {
        if (!requested.embeddedBroker() || !requested.embeddedRegistry()) {
          throw new IllegalArgumentException("give both bootstrap.servers and schema.registry.url for a cluster,"
              + " or neither for the embedded one");
        }
        cluster = EmbeddedCluster.start(requested.dataDir(), requested.embeddedKafkaPort(),
            requested.embeddedRegistryPort(), requested);
        config = cluster.applyTo(requested);
      }
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
        new TopicSetup(config, admin).prepare(cluster != null);
      }
      List<KafkaStreams> streams = List.of(
          streams(BlendTopology.assembly(config), config, BlendTopology.ASSEMBLY_APP),
          streams(BlendTopology.blending(config, rankers, fusionSteps), config, BlendTopology.BLENDING_APP));
      streams.forEach(KafkaStreams::start);
      LOG.info("blendstream running against {} (registry {})", config.bootstrapServers(), config.schemaRegistryUrl());
      return new BlendApp(cluster, config, streams, List.of(rankers, fusionSteps));
    } catch (RuntimeException e) {
      rankers.close();
      fusionSteps.close();
      if (cluster != null) {
        cluster.close();
      }
      throw e;
    }
  }

  private static KafkaStreams streams(org.apache.kafka.streams.Topology topology, BlendConfig config, String app) {
    KafkaStreams streams = new KafkaStreams(topology, StreamsSettings.streamsConfig(config, app));
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("{} stream thread died; replacing it", app, e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    return streams;
  }

  /** The effective config, with the embedded addresses filled in. */
  public BlendConfig config() {
    return config;
  }

  /** Blocks until both apps are processing, so callers do not publish into a rebalance. */
  public void awaitRunning(Duration timeout) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (!streams.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING)) {
      List<KafkaStreams.State> states = streams.stream().map(KafkaStreams::state).toList();
      if (System.nanoTime() > until || states.contains(KafkaStreams.State.ERROR)) {
        throw new IllegalStateException("pipeline did not reach RUNNING within " + timeout + " (states " + states + ")");
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    // Leaving the group lets the next start take over the partitions at once instead of after a session timeout.
    streams.forEach(s -> s.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(15))));
    models.forEach(SharedSupplier::close);
    if (cluster != null) {
      cluster.close();
    }
  }
}

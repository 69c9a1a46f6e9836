package org.blendstream.app;

import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.SharedSupplier;
import org.blendstream.assemble.AssemblyTopology;
import org.blendstream.assemble.InputFrontier;
import org.blendstream.feedback.PriorsTopology;
import org.blendstream.fuse.FusionStep;
import org.blendstream.fuse.FusionSteps;
import org.blendstream.ingest.RestSchemaRegistryClient;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Rankers;
import org.blendstream.runtime.EmbeddedCluster;
import org.blendstream.runtime.TopicSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running pipeline: the embedded broker and registry when no cluster is configured, the topics,
 * and the two Kafka Streams apps (assembly, blending), plus, with {@code feedback.enabled}, the
 * priors app that learns the model prior from feedback ({@link PriorsTopology}), beside blending.
 * {@code run}, {@code demo} and the end-to-end tests all start it here. {@code role} picks the apps
 * this instance runs ({@link BlendConfig.Role}); the app of a role that does not run is absent
 * (null here), together with what only it needs: the models for blending, the candidate-topic
 * watcher and the input probe for assembly.
 *
 * <p>The assembly app reads the candidate topics that exist, by name; a watcher lists the topics
 * every {@code candidates.discovery.ms} and, when a model's topic appears or goes, restarts the
 * assembly app over the new list (its state stays local, and its deadlines wait for it to catch up,
 * so no set closes early meanwhile).
 */
public final class BlendApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BlendApp.class);
  private static final long BROKER_PROBE_MS = 200;
  private static final long PROBE_TIMEOUT_MS = BROKER_PROBE_MS * 5;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);

  private final EmbeddedCluster cluster;
  private final BlendConfig config;
  private final KafkaStreams blending;

  /** The priors app (feedback.enabled, on an instance that ranks), or null. */
  private final KafkaStreams priors;

  private final List<SharedSupplier<?>> models;
  private final Admin admin;
  private final AtomicInteger threadsReplaced;
  private final ScheduledExecutorService discovery;
  private final ScheduledExecutorService probe;
  private final ScheduledExecutorService transactionCheck;
  private final InputFrontier frontier;
  private final BlendMetrics metrics;
  private final List<BiConsumer<String, KafkaStreams>> replacementListeners =
      new CopyOnWriteArrayList<>();
  private KafkaStreams assembly;
  private Set<String> candidateTopics;

  /**
   * Candidate topics found but not read: their partition count differs from the request topic's.
   */
  private volatile Set<String> refusedTopics;

  /**
   * When this app started, and when its admin client last reached the broker (epoch ms; MIN_VALUE:
   * never).
   */
  private final long startedAt = System.currentTimeMillis();

  private volatile long adminReachedAt = Long.MIN_VALUE;
  private boolean closed;

  private BlendApp(
      EmbeddedCluster cluster,
      BlendConfig config,
      KafkaStreams assembly,
      CandidateTopics candidateTopics,
      KafkaStreams blending,
      KafkaStreams priors,
      List<SharedSupplier<?>> models,
      Admin admin,
      AtomicInteger threadsReplaced,
      InputFrontier frontier,
      BlendMetrics metrics) {
    this.priors = priors;
    this.cluster = cluster;
    this.metrics = metrics;
    this.config = config;
    this.assembly = assembly;
    this.candidateTopics = candidateTopics.read();
    this.refusedTopics = candidateTopics.refused();
    this.blending = blending;
    this.models = models;
    this.admin = admin;
    this.threadsReplaced = threadsReplaced;
    this.frontier = frontier;
    Gauge.builder("blendstream.candidates.topics.refused", this, a -> a.refusedTopics.size())
        .description(
            "Candidate topics found but not read, because their partition count differs from the"
                + " request topic's (health: refused_topics)")
        .register(metrics.registry());
    this.discovery = daemon("blendstream-topic-discovery");
    // Its own thread: discovery may wait 30 s on a broker that is down, and the probe must say so
    // meanwhile.
    this.probe = daemon("blendstream-broker-probe");
    if (assembly != null) {
      discovery.scheduleWithFixedDelay(
          this::discoverCandidateTopics,
          config.candidatesDiscoveryMs(),
          config.candidatesDiscoveryMs(),
          TimeUnit.MILLISECONDS);
      probe.scheduleWithFixedDelay(
          this::probeBroker, BROKER_PROBE_MS, BROKER_PROBE_MS, TimeUnit.MILLISECONDS);
    } else {
      probe.scheduleWithFixedDelay(
          this::probeAdmin, BROKER_PROBE_MS, BROKER_PROBE_MS, TimeUnit.MILLISECONDS);
    }
    this.transactionCheck = daemon("blendstream-transaction-check");
    boolean exactlyOnce = config.processingGuarantee().startsWith("exactly_once");
    if (config.hangingTransactionCheckMs() > 0 && exactlyOnce) {
      String prefix = config.topics().prefix() + ".";
      HangingTransactions hanging =
          new HangingTransactions(
              admin,
              config.applicationId(),
              t -> t.startsWith(prefix) || t.startsWith(config.applicationId() + "-"));
      // The first scan at once, not one interval in: a transaction that a kill of the whole process
      // left hanging holds
      // up the restarted app from its first fetch, and the second scan, one interval later, is what
      // confirms it.
      transactionCheck.scheduleWithFixedDelay(
          hanging::scanAndAbort, 0, config.hangingTransactionCheckMs(), TimeUnit.MILLISECONDS);
    }
    if (config.orphanedTransactionCheckMs() > 0 && exactlyOnce) {
      // Every instance looks after every app's group, whatever its role: the survivor of a kill may
      // run either. Often,
      // because the survivor's reads wait on the orphan from the moment the killed member's session
      // ends.
      List<String> groups =
          new ArrayList<>(
              List.of(
                  assemblyAppId(),
                  StreamsSettings.applicationId(config, BlendTopology.BLENDING_APP)));
      if (config.feedbackEnabled()) {
        groups.add(StreamsSettings.applicationId(config, PriorsTopology.APP));
      }
      OrphanedTransactions orphaned = new OrphanedTransactions(admin, groups);
      transactionCheck.scheduleWithFixedDelay(
          orphaned::scanAndFence,
          config.orphanedTransactionCheckMs(),
          config.orphanedTransactionCheckMs(),
          TimeUnit.MILLISECONDS);
    }
  }

  private static ScheduledExecutorService daemon(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Tells the assembler how far it has read its input ({@link InputFrontier}): the input
   * partitions' last stable offsets against the assembly group's committed offsets. A probe that
   * fails (broker down) records nothing, and the assembler's sets wait, within their grace, for one
   * that answers.
   */
  private void probeBroker() {
    AssemblyTopology.Inputs inputs;
    synchronized (this) {
      inputs = AssemblyTopology.inputs(config, candidateTopics, assemblyAppId());
    }
    List<String> topics = new ArrayList<>(inputs.perTask());
    topics.addAll(inputs.shared());
    long at = System.currentTimeMillis();
    try {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (TopicDescription d :
          admin
              .describeTopics(topics)
              .allTopicNames()
              .get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
              .values()) {
        d.partitions()
            .forEach(
                p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
      }
      Map<TopicPartition, Long> stableEnds = new HashMap<>();
      admin
          .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .forEach((tp, info) -> stableEnds.put(tp, info.offset()));
      Map<TopicPartition, Long> committed = new HashMap<>();
      admin
          .listConsumerGroupOffsets(assemblyAppId())
          .partitionsToOffsetAndMetadata()
          .get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .forEach(
              (tp, o) -> {
                if (o != null) {
                  committed.put(tp, o.offset());
                }
              });
      frontier.observe(at, stableEnds, committed, Set.copyOf(inputs.shared()));
      adminReachedAt = at;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.debug("the input partitions did not answer the probe", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Without the assembly app there is no input probe; the health still needs to know whether the
   * broker answers.
   */
  private void probeAdmin() {
    long at = System.currentTimeMillis();
    try {
      admin.describeCluster().clusterId().get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      adminReachedAt = at;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.debug("the broker did not answer the admin probe", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String assemblyAppId() {
    return StreamsSettings.applicationId(config, BlendTopology.ASSEMBLY_APP);
  }

  /**
   * Models load first, so that a bad model path stops startup before any broker is touched;
   * assembly loads none.
   */
  public static BlendApp start(BlendConfig config) {
    requireClusterUnlessAll(config);
    if (!config.role().ranks()) {
      return start(config, null, null);
    }
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

  /**
   * Lets tests inject a ranker or blend step (for instance one that fails on purpose); both are
   * null, and unused, when the role does not rank.
   */
  public static BlendApp start(
      BlendConfig requested,
      SharedSupplier<Ranker> rankers,
      SharedSupplier<FusionStep> fusionSteps) {
    EmbeddedCluster cluster = null;
    Admin admin = null;
    BlendConfig config = requested;
    BlendConfig.Role role = requested.role();
    List<SharedSupplier<?>> models =
        new ArrayList<>(role.ranks() ? List.of(rankers, fusionSteps) : List.of());
    try {
      if (requested.embeddedBroker() || requested.embeddedRegistry()) {
        if (!requested.embeddedBroker() || !requested.embeddedRegistry()) {
          throw new IllegalArgumentException(
              "give both bootstrap.servers and schema.registry.url for a cluster,"
                  + " or neither for the embedded one");
        }
        requireClusterUnlessAll(requested);
        // The registry replays _schemas while the topics and the Streams apps are set up (awaited
        // below): after a
        // kill -9 of the whole process both wait seconds on the broker's partitions, and would
        // otherwise add up.
        cluster =
            EmbeddedCluster.startBroker(
                requested.dataDir(),
                requested.embeddedKafkaPort(),
                requested.embeddedRegistryPort(),
                requested);
        // One instance, by construction (the embedded broker runs with role=all only): a standby
        // would have nowhere
        // to go, and Kafka Streams would warn so for every task at every rebalance.
        config = cluster.applyTo(requested).with(Map.of(BlendConfig.STANDBY_REPLICAS, 0));
      }
      admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()));
      new TopicSetup(config, admin).prepare(cluster != null);
      AtomicInteger threadsReplaced = new AtomicInteger();
      InputFrontier frontier = new InputFrontier();
      BlendMetrics metrics = BlendMetrics.prometheus();
      RestSchemaRegistryClient.bindLookupWaits(metrics.registry());
      CandidateTopics candidateTopics =
          role.assembles()
              ? CandidateTopics.of(admin, config, listCandidateTopics(admin, config), Set.of())
              : new CandidateTopics(Set.of(), Set.of());
      KafkaStreams assembly =
          role.assembles()
              ? streams(
                  BlendTopology.assembly(config, candidateTopics.read(), frontier, metrics),
                  config,
                  BlendTopology.ASSEMBLY_APP,
                  threadsReplaced,
                  metrics)
              : null;
      KafkaStreams blending =
          role.ranks()
              ? streams(
                  BlendTopology.blending(config, rankers, fusionSteps, metrics),
                  config,
                  BlendTopology.BLENDING_APP,
                  threadsReplaced,
                  metrics)
              : null;
      // The priors app learns from feedback; it runs where the models run, beside blending.
      KafkaStreams priors = null;
      if (role.ranks() && config.feedbackEnabled()) {
        SharedSupplier<Ranker> judges = judgeSampling(config);
        if (judges != null) {
          models.add(judges);
        }
        priors =
            streams(
                PriorsTopology.build(config, metrics, judges),
                config,
                PriorsTopology.APP,
                threadsReplaced,
                metrics);
      }
      if (cluster != null) {
        cluster.awaitRegistry();
      }
      if (assembly != null) {
        assembly.start();
      }
      if (blending != null) {
        blending.start();
      }
      if (priors != null) {
        priors.start();
      }
      LOG.info(
          "blendstream running as role {} against {} (registry {}), reading {}",
          role.key(),
          config.bootstrapServers(),
          config.schemaRegistryUrl(),
          role.assembles() ? candidateTopics.read() : "candidate sets");
      return new BlendApp(
          cluster,
          config,
          assembly,
          candidateTopics,
          blending,
          priors,
          models,
          admin,
          threadsReplaced,
          frontier,
          metrics);
    } catch (RuntimeException e) {
      models.forEach(SharedSupplier::close);
      if (admin != null) {
        admin.close();
      }
      if (cluster != null) {
        cluster.close();
      }
      throw e;
    }
  }

  /**
   * The judge of judge sampling: with feedback.judge.rate above 0 and the judge's endpoint
   * configured; else null.
   */
  private static SharedSupplier<Ranker> judgeSampling(BlendConfig config) {
    if (!(config.feedbackJudgeRate() > 0) || config.llm().judgeBaseUrl().isBlank()) {
      return null;
    }
    return Rankers.supplier(
        config.with(Map.of(BlendConfig.RANKER, org.blendstream.rank.LlmJudgeRanker.NAME)));
  }

  /**
   * Checked before the models load, so that a wrong role fails in a second, not after a model's
   * load.
   */
  private static void requireClusterUnlessAll(BlendConfig config) {
    if (config.role() != BlendConfig.Role.ALL
        && (config.embeddedBroker() || config.embeddedRegistry())) {
      // The other role's instances would depend on a broker that lives and dies with this one.
      throw new IllegalArgumentException(
          "role="
              + config.role().key()
              + " needs a cluster: give bootstrap.servers and schema.registry.url (the embedded"
              + " broker and registry run with role=all only)");
    }
  }

  private static KafkaStreams streams(
      org.apache.kafka.streams.Topology topology,
      BlendConfig config,
      String app,
      AtomicInteger threadsReplaced,
      BlendMetrics metrics) {
    KafkaStreams streams =
        new KafkaStreams(topology, StreamsSettings.streamsConfig(config, app, metrics));
    streams.setUncaughtExceptionHandler(
        e -> {
          threadsReplaced.incrementAndGet();
          LOG.error("{} stream thread died; replacing it", app, e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    return streams;
  }

  private static Set<String> listCandidateTopics(Admin admin, BlendConfig config) {
    try {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .filter(t -> config.topics().candidatesPattern().matcher(t).matches())
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(
          "cannot list the candidate topics on " + config.bootstrapServers() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing the candidate topics", e);
    }
  }

  /**
   * The candidate topics the assembly app reads, and those it refuses: a topic whose partition
   * count differs from the request topic's would put a request's candidates on other partitions
   * than the request, where they form a second set and the request is answered twice. Under {@code
   * ingest.rekey} every input is repartitioned by request id, so any count is safe and nothing is
   * refused.
   */
  record CandidateTopics(Set<String> read, Set<String> refused) {

    /**
     * @param refusedBefore the topics refused so far: a topic refused anew is logged at ERROR, once
     */
    static CandidateTopics of(
        Admin admin, BlendConfig config, Set<String> found, Set<String> refusedBefore) {
      if (config.ingestRekey() || found.isEmpty()) {
        return new CandidateTopics(found, Set.of());
      }
      List<String> names = new ArrayList<>(found);
      names.add(config.topics().requests());
      Map<String, TopicDescription> described;
      try {
        described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException(
            "cannot describe the candidate topics on " + config.bootstrapServers() + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while describing the candidate topics", e);
      }
      int partitions = described.get(config.topics().requests()).partitions().size();
      Set<String> read = new TreeSet<>();
      Set<String> refused = new TreeSet<>();
      for (String topic : found) {
        int count = described.get(topic).partitions().size();
        if (count == partitions) {
          read.add(topic);
          continue;
        }
        refused.add(topic);
        if (!refusedBefore.contains(topic)) {
          LOG.error(
              "Candidate topic {} has {} partitions and {} has {}: its candidates would land on"
                  + " other partitions than their requests and be answered twice, so it is NOT"
                  + " read. Recreate it with {} partitions, or set ingest.rekey=true",
              topic,
              count,
              config.topics().requests(),
              partitions,
              partitions);
        }
      }
      return new CandidateTopics(Set.copyOf(read), Set.copyOf(refused));
    }
  }

  /** The candidate topics found but not read (see {@link CandidateTopics}), for the health body. */
  public Set<String> refusedTopics() {
    return refusedTopics;
  }

  /**
   * Restarts the assembly app over the new list when the candidate topics changed; a failed look
   * waits for the next.
   */
  private void discoverCandidateTopics() {
    Set<String> now;
    try {
      CandidateTopics found =
          CandidateTopics.of(admin, config, listCandidateTopics(admin, config), refusedTopics);
      refusedTopics = found.refused();
      now = found.read();
    } catch (RuntimeException e) {
      LOG.debug(
          "candidate topic discovery failed; trying again in {} ms",
          config.candidatesDiscoveryMs(),
          e);
      return;
    }
    synchronized (this) {
      if (closed || now.equals(candidateTopics)) {
        return;
      }
      List<String> added = now.stream().filter(t -> !candidateTopics.contains(t)).toList();
      if (!added.isEmpty()) {
        try {
          new TopicSetup(config, admin).checkAppendTime(added, cluster != null);
        } catch (RuntimeException e) {
          LOG.warn("cannot check message.timestamp.type of {}", added, e);
        }
      }
      LOG.info(
          "candidate topics changed from {} to {}; restarting the assembly app over them",
          candidateTopics,
          now);
      closeLeavingGroup(assembly);
      assembly =
          streams(
              BlendTopology.assembly(config, now, frontier, metrics),
              config,
              BlendTopology.ASSEMBLY_APP,
              threadsReplaced,
              metrics);
      candidateTopics = now;
      assembly.start();
      KafkaStreams started = assembly;
      replacementListeners.forEach(l -> l.accept(BlendTopology.ASSEMBLY_APP, started));
    }
  }

  /** How many stream threads died and were replaced since start; a healthy run has none. */
  public int threadsReplaced() {
    return threadsReplaced.get();
  }

  /** The apps this instance's role runs. */
  private List<KafkaStreams> streams() {
    return List.copyOf(streamsByApp().values());
  }

  /**
   * The apps this process runs, by app name ({@link BlendTopology#ASSEMBLY_APP}, ...), as they are
   * now; an app the role does not run is absent.
   */
  public synchronized Map<String, KafkaStreams> streamsByApp() {
    Map<String, KafkaStreams> apps = new LinkedHashMap<>();
    if (assembly != null) {
      apps.put(BlendTopology.ASSEMBLY_APP, assembly);
    }
    if (blending != null) {
      apps.put(BlendTopology.BLENDING_APP, blending);
    }
    if (priors != null) {
      apps.put(PriorsTopology.APP, priors);
    }
    return apps;
  }

  /**
   * Hears of an app that was replaced by a new KafkaStreams (the assembly app, on a change of
   * candidate topics).
   */
  public void onStreamsReplaced(BiConsumer<String, KafkaStreams> listener) {
    replacementListeners.add(listener);
  }

  /** The pipeline's meters; {@link OpsEndpoint} serves them. */
  public BlendMetrics metrics() {
    return metrics;
  }

  /** For the ops endpoint's client metrics. */
  Admin admin() {
    return admin;
  }

  /** When the input probe last answered (epoch ms), or {@link Long#MIN_VALUE} if it never did. */
  long adminReachedAt() {
    return adminReachedAt;
  }

  /** When this app started (epoch ms): a probe that never answered counts as failing since then. */
  long startedAt() {
    return startedAt;
  }

  long frontierObservedAt() {
    return frontier.observedAt();
  }

  /**
   * Leaving the group lets the next start take over the partitions at once instead of after a
   * session timeout.
   */
  private static void closeLeavingGroup(KafkaStreams streams) {
    if (!streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(CLOSE_TIMEOUT))) {
      LOG.warn(
          "a streams app did not close within {}; its members may stay in the group until their"
              + " session ends",
          CLOSE_TIMEOUT);
    }
  }

  /** The effective config, with the embedded addresses filled in. */
  public BlendConfig config() {
    return config;
  }

  /** Blocks until the role's apps are processing, so callers do not publish into a rebalance. */
  public void awaitRunning(Duration timeout) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (!streams().stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING)) {
      List<KafkaStreams.State> states = streams().stream().map(KafkaStreams::state).toList();
      if (System.nanoTime() > until || states.contains(KafkaStreams.State.ERROR)) {
        throw new IllegalStateException(
            "pipeline did not reach RUNNING within " + timeout + " (states " + states + ")");
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    discovery.shutdownNow();
    probe.shutdownNow();
    transactionCheck.shutdownNow();
    synchronized (this) {
      closed = true;
    }
    // In this order: the apps finish the records in hand and commit while the broker is still there
    // to take it.
    long start = System.nanoTime();
    streams().forEach(BlendApp::closeLeavingGroup);
    LOG.info(
        "shutdown: streams apps closed, their members left the groups ({} ms)", msSince(start));
    admin.close();
    LOG.info("shutdown: admin client closed ({} ms)", msSince(start));
    models.forEach(SharedSupplier::close);
    LOG.info("shutdown: models freed ({} ms)", msSince(start));
    if (cluster != null) {
      cluster.close();
      LOG.info("shutdown: embedded broker and registry stopped ({} ms)", msSince(start));
    }
  }

  private static long msSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}

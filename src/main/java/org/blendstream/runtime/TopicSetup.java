package org.blendstream.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.blendstream.BlendConfig;
import org.blendstream.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the topics blendstream reads and writes exist. On the embedded broker it creates them,
 * all with the same partition count so that requests and candidates stay co-partitioned. On a real
 * cluster it only checks: topic layout there is the operator's decision, and a missing topic is
 * better reported by name at startup than discovered as a stuck pipeline.
 */
public final class TopicSetup {

  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final short REPLICATION = 1;
  private static final String APPEND_TIME = "LogAppendTime";

  private final BlendConfig config;
  private final Admin admin;

  public TopicSetup(BlendConfig config, Admin admin) {
    this.config = config;
    this.admin = admin;
  }

  /**
   * Creates (embedded) or checks (cluster) the topics. The caller says which, because once the
   * embedded broker runs the config carries its address and no longer looks embedded.
   */
  public void prepare(boolean embedded) {
    if (embedded) {
      createTopics();
    } else {
      requireFixedTopics();
      warnAboutSmallerRecordLimits();
    }
    warnAboutCandidateTopicWithoutModel();
    List<String> inputs = new ArrayList<>(List.of(config.topics().requests()));
    await(admin.listTopics().names(), "list topics").stream()
        .filter(t -> config.topics().candidatesPattern().matcher(t).matches())
        .sorted()
        .forEach(inputs::add);
    checkAppendTime(inputs, embedded);
  }

  /**
   * Creates the fixed topics and one candidate topic per configured model; existing topics are
   * kept.
   */
  public List<String> createTopics() {
    Topics topics = config.topics();
    List<String> names = new ArrayList<>(fixedTopics());
    config.models().forEach(model -> names.add(topics.candidates(model)));
    return create(names);
  }

  /**
   * Creates the candidate topic of one model, e.g. when the demo produces for a model not in the
   * config.
   */
  public String createCandidateTopic(String model) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model name must not be blank");
    }
    String name = config.topics().candidates(model);
    create(List.of(name));
    return name;
  }

  /** Throws {@link MissingTopicsException} naming every fixed topic the cluster lacks. */
  public void requireFixedTopics() {
    Set<String> existing = await(admin.listTopics().names(), "list topics");
    List<String> missing = fixedTopics().stream().filter(t -> !existing.contains(t)).toList();
    if (!missing.isEmpty()) {
      throw new MissingTopicsException(
          missing, config.bootstrapServers(), config.topicPartitions());
    }
  }

  /**
   * {@code blend.candidates.} names no model, so the pattern ({@code blend.candidates.} and at
   * least one character) does not read it; whatever a producer writes there would otherwise vanish
   * without a word.
   */
  Optional<String> warnAboutCandidateTopicWithoutModel() {
    String unnamed = config.topics().candidates("");
    if (!await(admin.listTopics().names(), "list topics").contains(unnamed)) {
      return Optional.empty();
    }
    LOG.warn(
        "Topic {} names no model and is not read: candidate topics are {}<model>; publish each"
            + " model's answers on its own topic",
        unnamed,
        unnamed);
    return Optional.of(unnamed);
  }

  /**
   * On a cluster the operator sets each topic's {@code max.message.bytes}. One smaller than what
   * the pipeline writes would refuse a set or dead letter at the broker, and under exactly-once
   * that aborts the whole transaction.
   */
  Map<String, Integer> warnAboutSmallerRecordLimits() {
    List<String> names = new ArrayList<>(fixedTopics());
    Map<String, Integer> smaller = new TreeMap<>();
    List<ConfigResource> resources =
        names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    await(admin.describeConfigs(resources).all(), "describe topic configs")
        .forEach(
            (resource, topicConfig) -> {
              ConfigEntry entry = topicConfig.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
              if (entry != null
                  && entry.value() != null
                  && Integer.parseInt(entry.value()) < config.transportMaxBytes()) {
                smaller.put(resource.name(), Integer.parseInt(entry.value()));
              }
            });
    if (!smaller.isEmpty()) {
      LOG.warn(
          "Topics {} (name=max.message.bytes) accept smaller records than record.max.bytes={} needs"
              + " ({} with framing); raise their max.message.bytes or lower record.max.bytes",
          smaller,
          config.recordMaxBytes(),
          config.transportMaxBytes());
    }
    return smaller;
  }

  /**
   * The topics every instance needs: the fixed ones, and with feedback.enabled the feedback and
   * priors topics.
   */
  public List<String> fixedTopics() {
    List<String> names = new ArrayList<>(config.topics().fixed());
    if (config.feedbackEnabled()) {
      names.addAll(config.topics().feedbackTopics());
    }
    return names;
  }

  /**
   * Creates the topics that do not exist yet (a replay's own topics, for one); returns the names it
   * created.
   */
  public List<String> create(List<String> names) {
    List<NewTopic> newTopics =
        names.stream()
            .map(n -> new NewTopic(n, config.topicPartitions(), REPLICATION).configs(configsOf(n)))
            .toList();
    CreateTopicsResult result = admin.createTopics(newTopics);
    List<String> created = new ArrayList<>();
    Map<String, KafkaFuture<Void>> futures = new LinkedHashMap<>(result.values());
    for (Map.Entry<String, KafkaFuture<Void>> f : futures.entrySet()) {
      try {
        f.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        created.add(f.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException(
              "cannot create topic " + f.getKey() + ": " + e.getCause().getMessage(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException(
            "creating topic " + f.getKey() + " timed out after " + TIMEOUT.toSeconds() + " s", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating topic " + f.getKey(), e);
      }
    }
    if (!created.isEmpty()) {
      awaitVisible(created);
      LOG.info("Created topics {} with {} partitions", created, config.topicPartitions());
    }
    warnAboutOtherPartitionCounts(names);
    return created;
  }

  /**
   * Every topic accepts what the producers may write (README, "Record sizes"); the input topics
   * stamp each record with the broker's append time, by which the assembler judges deadlines
   * instead of the producers' clocks (README, "Assembly semantics").
   */
  private Map<String, String> configsOf(String topic) {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(config.transportMaxBytes()));
    if (isInput(topic)) {
      configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, APPEND_TIME);
    }
    if (topic.equals(config.topics().modelPriors())) {
      // The priors topic holds one value per key that matters, its latest, which a global table
      // reads at start.
      configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
    return configs;
  }

  private boolean isInput(String topic) {
    return topic.equals(config.topics().requests())
        || config.topics().candidatesPattern().matcher(topic).matches();
  }

  /**
   * Input topics that stamp the producer's create time: there a producer whose clock is behind
   * dates its request before its deadline began, and the set can be given up before its answers
   * arrive. On the embedded broker, which is ours, they are switched to append time; on a cluster
   * that is the operator's call, so a warning. (Kafka Streams hands a timestamp extractor every
   * record as CreateTime, whatever its batch says, so the app cannot tell the two apart per record;
   * the record's timestamp is the append time on a LogAppendTime topic.)
   *
   * @return the input topics that keep create time
   */
  public List<String> checkAppendTime(List<String> inputs, boolean embedded) {
    List<ConfigResource> resources =
        inputs.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    List<String> createTime = new ArrayList<>();
    await(admin.describeConfigs(resources).all(), "describe topic configs")
        .forEach(
            (resource, topicConfig) -> {
              ConfigEntry entry = topicConfig.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
              if (entry == null || !APPEND_TIME.equals(entry.value())) {
                createTime.add(resource.name());
              }
            });
    if (createTime.isEmpty()) {
      return createTime;
    }
    if (embedded) {
      Map<ConfigResource, java.util.Collection<AlterConfigOp>> ops = new LinkedHashMap<>();
      createTime.forEach(
          t ->
              ops.put(
                  new ConfigResource(ConfigResource.Type.TOPIC, t),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, APPEND_TIME),
                          AlterConfigOp.OpType.SET))));
      await(admin.incrementalAlterConfigs(ops).all(), "set message.timestamp.type");
      LOG.info(
          "Topics {} now stamp records with the broker's append time (message.timestamp.type={})",
          createTime,
          APPEND_TIME);
      return List.of();
    }
    LOG.warn(
        "Input topics {} have message.timestamp.type=CreateTime: deadlines there count from the"
            + " producers' clocks, and a producer whose clock is behind loses its requests; set"
            + " message.timestamp.type={} on them (README, Assembly semantics)",
        createTime,
        APPEND_TIME);
    return createTime;
  }

  /**
   * Topics left from a run with another {@code topic.partitions} keep their old count, and a
   * request and its candidates would then land on different partitions; that is worth a loud line
   * at startup.
   */
  private void warnAboutOtherPartitionCounts(List<String> names) {
    Map<String, Integer> counts = new TreeMap<>();
    await(admin.describeTopics(names).allTopicNames(), "describe topics")
        .forEach((name, description) -> counts.put(name, description.partitions().size()));
    counts.values().removeIf(n -> n == config.topicPartitions());
    if (!counts.isEmpty()) {
      LOG.warn(
          "Topics {} (name=partitions) do not have topic.partitions={} partitions; requests and"
              + " candidates must be co-partitioned, so recreate them or set topic.partitions to"
              + " match",
          counts,
          config.topicPartitions());
    }
  }

  /**
   * Creation completes at the controller before the broker's metadata has the topic; Kafka Streams
   * started in that gap fails with a missing source topic, so wait until the broker lists them.
   */
  void awaitVisible(List<String> names) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      Set<String> listed = await(admin.listTopics().names(), "list topics");
      List<String> pending = names.stream().filter(n -> !listed.contains(n)).toList();
      if (pending.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "created topics " + pending + " are not visible after " + TIMEOUT.toSeconds() + " s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topics " + pending, e);
      }
    }
  }

  private static <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "cannot " + what + ": no answer within " + TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    }
  }

  /**
   * Fixed topics the cluster lacks; the message names them so an operator can create exactly those.
   */
  public static final class MissingTopicsException extends IllegalStateException {
    private final List<String> missing;

    MissingTopicsException(List<String> missing, String bootstrapServers, int partitions) {
      super(
          "missing topics on "
              + bootstrapServers
              + ": "
              + String.join(", ", missing)
              + " (create them with "
              + partitions
              + " partitions, the same count as the candidate topics)");
      this.missing = List.copyOf(missing);
    }

    public List<String> missing() {
      return missing;
    }
  }
}

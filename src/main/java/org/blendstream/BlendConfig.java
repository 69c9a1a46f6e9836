package org.blendstream;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/**
 * The one typed configuration of blendstream. It is built once, from a properties file, then {@code
 * BLENDSTREAM_*} environment variables, then command-line flags (later wins), and passed down. Keys
 * prefixed with {@code streams.} go to Kafka Streams verbatim, so every Streams setting stays
 * reachable.
 */
public final class BlendConfig extends AbstractConfig {

  public static final String ENV_PREFIX = "BLENDSTREAM_";
  public static final String STREAMS_PREFIX = "streams.";

  /**
   * {@code streams.*} key of the producers' transaction timeout (Kafka's {@code producer.} prefix).
   */
  private static final String TRANSACTION_TIMEOUT_OVERRIDE = "producer.transaction.timeout.ms";

  private static final long DEFAULT_TRANSACTION_TIMEOUT_MS = 300_000;

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String VALUE_SERDE_FACTORY = "value.serde.factory";
  public static final String APPLICATION_ID = "application.id";
  public static final String PROCESSING_GUARANTEE = "processing.guarantee";
  public static final String DATA_DIR = "data.dir";
  public static final String MODEL_CACHE_DIR = "model.cache.dir";
  public static final String EMBEDDED_KAFKA_PORT = "embedded.kafka.port";
  public static final String EMBEDDED_REGISTRY_PORT = "embedded.registry.port";
  public static final String EMBEDDED_REGISTRY_BIND_ADDRESS = "embedded.registry.bind.address";
  public static final String TOPIC_PREFIX = "topic.prefix";
  public static final String TOPIC_PARTITIONS = "topic.partitions";
  public static final String MODELS = "models";
  public static final String DEADLINE_MS = "deadline.ms";
  public static final String MIN_CANDIDATES = "min.candidates";
  public static final String REQUESTS_REQUIRED = "requests.required";
  public static final String REQUEST_TTL_MS = "request.ttl.ms";
  public static final String REQUESTS_EXPECTED = "requests.expected";
  public static final String REQUEST_WAIT_MS = "request.wait.ms";
  public static final String LATE_RETENTION_MS = "late.retention.ms";
  public static final String ASSEMBLY_CATCHUP_MS = "assembly.catchup.ms";
  public static final String ASSEMBLY_RESTORE_GRACE_MS = "assembly.restore.grace.ms";
  public static final String CANDIDATES_DISCOVERY_MS = "candidates.discovery.ms";
  public static final String HANGING_TRANSACTION_CHECK_MS = "transactions.hanging.check.ms";
  public static final String PUNCTUATE_INTERVAL_MS = "punctuate.interval.ms";
  public static final String RANKER = "ranker";
  public static final String RANKER_MODEL_DIR = "ranker.model.dir";
  public static final String RANKER_AGGREGATION = "ranker.aggregation";
  public static final String RANKER_BATCH_SIZE = "ranker.batch.size";
  public static final String RANKER_BATCH_ORDER = "ranker.batch.order";
  public static final String RANKER_DEDUP = "ranker.dedup";
  public static final String RANKER_SYMMETRIC = "ranker.symmetric";
  public static final String RANKER_PRIOR_FILE = "ranker.prior.file";
  public static final String RANKER_ENSEMBLE_FILE = "ranker.ensemble.file";
  public static final String DEVICE = "device";
  public static final String FUSER_ENABLED = "fuser.enabled";
  public static final String FUSER_MODEL_DIR = "fuser.model.dir";
  public static final String FUSER_TOP_K = "fuser.top.k";
  public static final String FUSER_BUDGET_MS = "fuser.budget.ms";
  // Input limits and validation (issue 11, items 4 and 5).
  public static final String CANDIDATE_MAX_CHARS = "candidate.max.chars";
  public static final String SET_MAX_CANDIDATES = "set.max.candidates";
  public static final String RECORD_MAX_BYTES = "record.max.bytes";
  public static final String INGEST_REKEY = "ingest.rekey";
  public static final String METRICS_ENABLED = "metrics.enabled";
  public static final String METRICS_PORT = "metrics.port";
  public static final String METRICS_BIND_ADDRESS = "metrics.bind.address";
  // Hostile inputs (issue 24): health bounds on a stalled pipeline.
  public static final String HEALTH_STALL_READY_MS = "health.stall.ready.ms";
  public static final String HEALTH_STALL_LIVE_MS = "health.stall.live.ms";
  // Scaling out (issue 12, item 5).
  public static final String ROLE = "role";
  // Learning priors from feedback (issue 23).
  public static final String FEEDBACK_ENABLED = "feedback.enabled";
  public static final String PRIOR_METHOD = "prior.method";
  public static final String PRIOR_HALF_LIFE = "prior.half.life";
  public static final String PRIOR_WARM_START = "prior.warm.start";
  public static final String FEEDBACK_DEDUPE_RETENTION_MS = "feedback.dedupe.retention.ms";
  public static final String FEEDBACK_JUDGE_RATE = "feedback.judge.rate";
  // Recovery after a crash (issue 24).
  public static final String INSTANCE_ID = "instance.id";
  public static final String STATIC_MEMBERSHIP = "static.membership";
  public static final String GROUP_SESSION_TIMEOUT_MS = "group.session.timeout.ms";
  public static final String STANDBY_REPLICAS = "standby.replicas";
  public static final String EMBEDDED_BROKER_SESSION_TIMEOUT_MS =
      "embedded.broker.session.timeout.ms";
  public static final String ORPHANED_TRANSACTION_CHECK_MS = "transactions.orphaned.check.ms";

  /**
   * What a produce request and a topic must allow beyond {@code record.max.bytes}: the key (a
   * request id of at most 1024 characters), headers and the record batch's framing.
   */
  public static final int FRAMING_ALLOWANCE_BYTES = 64 * 1024;

  public static final int DEFAULT_RECORD_MAX_BYTES = 8 * 1024 * 1024;

  /**
   * The longest deadline a set may have, {@code deadline.ms} and a request's {@code deadline_ms}
   * alike: a day is beyond any answer worth waiting for, and it keeps every due time (origin +
   * deadline) far from overflow.
   */
  public static final long MAX_DEADLINE_MS = 24L * 60 * 60 * 1000;

  private static final ConfigDef DEF =
      LlmSettings.define(new ConfigDef())
          .define(
              BOOTSTRAP_SERVERS,
              Type.STRING,
              "",
              Importance.HIGH,
              "Kafka bootstrap servers. Empty starts an embedded single-node KRaft broker on"
                  + " 127.0.0.1.")
          .define(
              SCHEMA_REGISTRY_URL,
              Type.STRING,
              "",
              Importance.HIGH,
              "Confluent-compatible schema registry URL. Empty starts the embedded registry;"
                  + " mock://<scope> is an in-memory registry for tests.")
          .define(
              VALUE_SERDE_FACTORY,
              Type.CLASS,
              "org.blendstream.ingest.WireFormatSerdeFactory",
              Importance.LOW,
              "Class implementing org.blendstream.ingest.AvroSerdeFactory; swap in one that wraps"
                  + " Confluent's serde if you have it.")
          .define(
              APPLICATION_ID,
              Type.STRING,
              "blendstream",
              Importance.HIGH,
              "Kafka Streams application id (consumer group and internal topic prefix).")
          .define(
              PROCESSING_GUARANTEE,
              Type.STRING,
              "exactly_once_v2",
              ValidString.in("exactly_once_v2", "at_least_once"),
              Importance.MEDIUM,
              "Kafka Streams processing guarantee.")
          .define(
              DATA_DIR,
              Type.STRING,
              ".blendstream",
              Importance.MEDIUM,
              "Directory for the embedded broker's log and the Streams state; survives restarts.")
          .define(
              MODEL_CACHE_DIR,
              Type.STRING,
              defaultModelCacheDir(),
              Importance.LOW,
              "Where models converted on first use (the built-in ranker's MiniLM base) are cached,"
                  + " once per user and shared by every data directory, so that a new data dir"
                  + " never converts again.")
          .define(
              EMBEDDED_KAFKA_PORT,
              Type.INT,
              9092,
              Range.between(0, 65535),
              Importance.LOW,
              "Port of the embedded broker on 127.0.0.1; 0 picks a free one (demo and tests do).")
          .define(
              EMBEDDED_REGISTRY_PORT,
              Type.INT,
              8081,
              Range.between(0, 65535),
              Importance.LOW,
              "Port of the embedded schema registry; 0 picks a free one.")
          .define(
              EMBEDDED_REGISTRY_BIND_ADDRESS,
              Type.STRING,
              "127.0.0.1",
              Importance.LOW,
              "Address the embedded schema registry listens on: 127.0.0.1 keeps it to this machine,"
                  + " 0.0.0.0 (a container) serves every interface.")
          .define(
              TOPIC_PREFIX,
              Type.STRING,
              "blend",
              Importance.MEDIUM,
              "Namespace prefix of every blendstream topic.")
          .define(
              TOPIC_PARTITIONS,
              Type.INT,
              3,
              Range.atLeast(1),
              Importance.LOW,
              "Partitions of the topics blendstream creates; request and candidate topics must be"
                  + " co-partitioned.")
          .define(
              MODELS,
              Type.LIST,
              "",
              Importance.HIGH,
              "The model set a request expects when it names none (and when no request record"
                  + " arrives).")
          .define(
              DEADLINE_MS,
              Type.LONG,
              3000L,
              Range.between(1, MAX_DEADLINE_MS),
              Importance.HIGH,
              "Default budget before a partial set is emitted, 1 ms to one day, counted from the"
                  + " timestamp of the request's first record (the broker's append time on the"
                  + " input topics blendstream creates, or its arrival if that is earlier) against"
                  + " the wall clock.")
          .define(
              MIN_CANDIDATES,
              Type.INT,
              1,
              Range.atLeast(1),
              Importance.MEDIUM,
              "Fewer candidates than this at the deadline: no set is emitted and the reason goes to"
                  + " the DLQ.")
          .define(
              REQUESTS_REQUIRED,
              Type.BOOLEAN,
              false,
              Importance.MEDIUM,
              "If true, candidates wait for their request record (up to request.ttl.ms) before a"
                  + " set can form.")
          .define(
              REQUEST_TTL_MS,
              Type.LONG,
              60_000L,
              Range.atLeast(1),
              Importance.LOW,
              "How long candidates wait for a required request before they go to the DLQ.")
          .define(
              REQUESTS_EXPECTED,
              Type.BOOLEAN,
              false,
              Importance.MEDIUM,
              "If true, request records are published (not required): a set whose models all"
                  + " answered waits up to request.wait.ms for its request, so that it carries the"
                  + " request's fields.")
          .define(
              REQUEST_WAIT_MS,
              Type.LONG,
              1000L,
              Range.atLeast(0),
              Importance.LOW,
              "With requests.expected=true, how long a set whose models all answered waits for its"
                  + " request record.")
          .define(
              LATE_RETENTION_MS,
              Type.LONG,
              600_000L,
              Range.atLeast(0),
              Importance.LOW,
              "How long an emitted request is remembered, so that later candidates and requests are"
                  + " recognised as late, and an answered one, so that its set read again is not"
                  + " answered twice.")
          .define(
              ASSEMBLY_CATCHUP_MS,
              Type.LONG,
              1000L,
              Range.atLeast(1),
              Importance.LOW,
              "The input probe (every 200 ms: the input partitions' last stable offsets against the"
                  + " assembly group's committed offsets) counts the broker as out of reach once it"
                  + " has not answered for this long; the restore grace then starts again when it"
                  + " answers.")
          .define(
              ASSEMBLY_RESTORE_GRACE_MS,
              Type.LONG,
              30_000L,
              Range.atLeast(0),
              Importance.LOW,
              "Upper bound on how long past its deadline a set waits for the assembler to catch up"
                  + " with its input (after a restart, a rebalance or a new model's topic).")
          .define(
              HANGING_TRANSACTION_CHECK_MS,
              Type.LONG,
              5000L,
              Range.atLeast(0),
              Importance.LOW,
              "How often, under exactly-once, the app looks for its own hanging transactions (open"
                  + " on a partition, no longer in progress at their coordinator; a crash of the"
                  + " broker mid-commit can leave one) and aborts one seen twice in a row; they"
                  + " would block read_committed readers and the groups' offsets for good. 0 ="
                  + " never.")
          .define(
              CANDIDATES_DISCOVERY_MS,
              Type.LONG,
              2000L,
              Range.atLeast(100),
              Importance.LOW,
              "How often the running app looks for new blend.candidates.<model> topics to read.")
          .define(
              PUNCTUATE_INTERVAL_MS,
              Type.LONG,
              50L,
              Range.atLeast(1),
              Importance.LOW,
              "Wall-clock interval at which deadlines are checked; bounds how late a deadline can"
                  + " fire.")
          .define(
              RANKER,
              Type.STRING,
              "auto",
              Importance.HIGH,
              "Ranking strategy: ensemble (length, consensus and model prior, weights fitted by"
                  + " cross-validation and shipped), pairranker (needs ranker.model.dir), reward (a"
                  + " scalar reward model in ranker.model.dir), builtin (the shipped MiniLM pair"
                  + " ranker), a single signal (prior, consensus-lexical, length), or a baseline:"
                  + " random, longest. auto picks what the manifest of ranker.model.dir says"
                  + " (reward or pairranker) when it is set, else ensemble.")
          .define(
              RANKER_MODEL_DIR,
              Type.STRING,
              "",
              Importance.HIGH,
              "Model directory of the pairranker or the reward ranker (its blendstream-model.json"
                  + " says which).")
          .define(
              RANKER_AGGREGATION,
              Type.STRING,
              "maxlogits",
              ValidString.in("maxlogits", "maxwins", "bubble"),
              Importance.MEDIUM,
              "Aggregation of the comparison matrix; a request may override it.")
          .define(
              RANKER_BATCH_SIZE,
              Type.INT,
              16,
              Range.atLeast(1),
              Importance.LOW,
              "Sequences per forward pass: pairs for pair models, (conversation, candidate) rows"
                  + " for reward models.")
          .define(
              RANKER_BATCH_ORDER,
              Type.STRING,
              "length",
              ValidString.in("length", "arrival"),
              Importance.LOW,
              "Order of a set's pairs before batching: length (less padding per batch) or arrival"
                  + " (for comparison).")
          .define(
              RANKER_DEDUP,
              Type.BOOLEAN,
              true,
              Importance.LOW,
              "Score a pair of identical candidate texts once and copy its logit (exact).")
          .define(
              RANKER_SYMMETRIC,
              Type.BOOLEAN,
              false,
              Importance.LOW,
              "Score each unordered pair once and set M[j][i] = -M[i][j]: half the passes of a full"
                  + " matrix, an approximation (the model's position bias is lost); README,"
                  + " Performance, gives its quality cost.")
          .define(
              RANKER_PRIOR_FILE,
              Type.STRING,
              "",
              Importance.LOW,
              "Model prior file (fit-prior) that the prior and ensemble rankers read; empty: the"
                  + " prior shipped in the jar.")
          .define(
              RANKER_ENSEMBLE_FILE,
              Type.STRING,
              "",
              Importance.LOW,
              "Ensemble weights file (fit-ensemble) that the ensemble ranker reads; empty: the"
                  + " weights shipped in the jar.")
          .define(
              DEVICE,
              Type.STRING,
              "auto",
              Importance.LOW,
              "Model device: auto (GPU if DJL sees one), cpu, gpu, gpu:N.")
          .define(
              FUSER_ENABLED,
              Type.BOOLEAN,
              false,
              Importance.MEDIUM,
              "Fuse the top K candidates with a GenFuser.")
          .define(
              FUSER_MODEL_DIR,
              Type.STRING,
              "",
              Importance.MEDIUM,
              "Model directory of the GenFuser.")
          .define(
              FUSER_TOP_K,
              Type.INT,
              3,
              Range.atLeast(1),
              Importance.LOW,
              "How many top-ranked candidates the fuser reads.")
          .define(
              FUSER_BUDGET_MS,
              Type.LONG,
              30_000L,
              Range.atLeast(1),
              Importance.LOW,
              "Per-request fusion time budget; past it the best candidate is selected instead.")
          .define(
              CANDIDATE_MAX_CHARS,
              Type.INT,
              65_536,
              Range.atLeast(1),
              Importance.MEDIUM,
              "Candidate texts longer than this many characters are truncated at ingest; the set"
                  + " names the models whose text was cut (truncated_models), and the full text"
                  + " stays in the input topic.")
          .define(
              SET_MAX_CANDIDATES,
              Type.INT,
              64,
              Range.atLeast(1),
              Importance.MEDIUM,
              "Most candidates one set holds; further models' candidates for that request go to the"
                  + " DLQ with the reason.")
          .define(
              RECORD_MAX_BYTES,
              Type.INT,
              DEFAULT_RECORD_MAX_BYTES,
              Range.between(64 * 1024, 512 * 1024 * 1024),
              Importance.MEDIUM,
              "Largest record value blendstream writes (sets, state, dead letters). A candidate or"
                  + " request that would make its set larger goes to the DLQ instead. Producers,"
                  + " the topics blendstream creates, the state changelogs and the embedded broker"
                  + " allow this plus "
                  + FRAMING_ALLOWANCE_BYTES
                  + " bytes of framing.")
          .define(
              INGEST_REKEY,
              Type.BOOLEAN,
              false,
              Importance.LOW,
              "If true, requests and candidates are repartitioned by their payload's request_id"
                  + " instead of trusting the key, for producers that cannot key by request id or"
                  + " that partition differently (librdkafka's default). Costs one repartition"
                  + " topic per input kind.")
          .define(
              METRICS_ENABLED,
              Type.BOOLEAN,
              true,
              Importance.MEDIUM,
              "Serve /metrics (Prometheus text), /health/live and /health/ready over HTTP while run"
                  + " or demo runs.")
          .define(
              METRICS_PORT,
              Type.INT,
              9400,
              Range.between(0, 65535),
              Importance.MEDIUM,
              "Port of the metrics and health endpoint; 0 picks a free one.")
          .define(
              METRICS_BIND_ADDRESS,
              Type.STRING,
              "127.0.0.1",
              Importance.LOW,
              "Address the metrics and health endpoint listens on; a container that is scraped from"
                  + " outside sets 0.0.0.0.")
          // Hostile inputs (issue 24): health bounds on a stalled pipeline.
          .define(
              HEALTH_STALL_READY_MS,
              Type.LONG,
              30_000L,
              Range.atLeast(1),
              Importance.LOW,
              "/health/ready answers 503 once the input probe or the admin client has not reached"
                  + " the broker for this long (the body's problems say which).")
          .define(
              HEALTH_STALL_LIVE_MS,
              Type.LONG,
              120_000L,
              Range.atLeast(1),
              Importance.LOW,
              "/health/live answers 503 once the input probe or the admin client has not reached"
                  + " the broker for this long, so that an orchestrator restarts an instance that"
                  + " stays cut off.")
          .define(
              ROLE,
              Type.STRING,
              Role.ALL.key(),
              ValidString.in(Role.keys()),
              Importance.MEDIUM,
              "Which of the two Kafka Streams apps this instance runs: all (both), assemble (ingest"
                  + " and assembly; loads no model) or rank (ranking, fusion, emit; loads the"
                  + " models). Instances of one application.id with any mix of roles share the work"
                  + " by partition. A role other than all needs a cluster (bootstrap.servers and"
                  + " schema.registry.url): an embedded broker lives and dies with one instance.")
          .define(
              FEEDBACK_ENABLED,
              Type.BOOLEAN,
              false,
              Importance.MEDIUM,
              "Learn the model prior from feedback: creates blend.feedback and the compacted"
                  + " blend.model-priors, runs the priors app (<application.id>-priors) that turns"
                  + " feedback into strengths, and lets the prior and ensemble rankers read them"
                  + " instead of the prior file (README, Learning from feedback).")
          .define(
              PRIOR_METHOD,
              Type.STRING,
              "bradley-terry",
              ValidString.in("bradley-terry", "mean"),
              Importance.LOW,
              "How feedback becomes strengths: bradley-terry (decayed pairwise win counts, refitted"
                  + " after each record) or mean (a Beta posterior of each model's decayed mean"
                  + " outcome).")
          .define(
              PRIOR_HALF_LIFE,
              Type.DOUBLE,
              200.0,
              Range.atLeast(0),
              Importance.LOW,
              "Feedback records after which a record counts half, so that an upgraded model is"
                  + " followed; 0: never decays.")
          .define(
              PRIOR_WARM_START,
              Type.BOOLEAN,
              false,
              Importance.LOW,
              "Start the learned prior from the prior file (ranker.prior.file, or the shipped one)"
                  + " instead of neutral: its models begin at, and are pulled toward, their fitted"
                  + " strengths. An unknown model starts at 0.")
          .define(
              FEEDBACK_DEDUPE_RETENTION_MS,
              Type.LONG,
              7 * 24 * 3_600_000L,
              Range.atLeast(1),
              Importance.LOW,
              "How long a feedback_id is remembered, so that the same feedback published again is"
                  + " counted once.")
          .define(
              FEEDBACK_JUDGE_RATE,
              Type.DOUBLE,
              0.0,
              Range.between(0, 1),
              Importance.LOW,
              "With feedback.enabled and the LLM judge configured (judge.base.url): the share of"
                  + " answered sets sent to the judge, whose verdicts are published to"
                  + " blend.feedback as source JUDGE.")
          .define(
              INSTANCE_ID,
              Type.STRING,
              "",
              Importance.MEDIUM,
              "This instance's stable identity, the group.instance.id of its consumers (static"
                  + " membership). Empty: this host's name and a hash of data.dir, which a restart"
                  + " on the same host and data dir keeps. Give each instance its own where hosts"
                  + " are not stable (containers that move), else a restart waits out the session"
                  + " of its predecessor.")
          .define(
              STATIC_MEMBERSHIP,
              Type.BOOLEAN,
              true,
              Importance.LOW,
              "Join the groups as static members (instance.id): a restarted instance takes its"
                  + " partitions back at once instead of after group.session.timeout.ms and a"
                  + " rebalance.")
          .define(
              GROUP_SESSION_TIMEOUT_MS,
              Type.INT,
              10_000,
              Range.between(6_000, 1_800_000),
              Importance.LOW,
              "How long a member that stopped heartbeating (killed, not restarted) keeps its"
                  + " partitions before the others take them over. The broker's"
                  + " group.min.session.timeout.ms (6 s by default) bounds it from below.")
          .define(
              STANDBY_REPLICAS,
              Type.INT,
              1,
              Range.atLeast(0),
              Importance.LOW,
              "Warm copies of each task's state on other instances (Kafka Streams'"
                  + " num.standby.replicas), so that the survivor of a kill takes over without"
                  + " restoring the changelogs. Ignored (0) with the embedded broker, where there"
                  + " is only ever one instance.")
          .define(
              EMBEDDED_BROKER_SESSION_TIMEOUT_MS,
              Type.INT,
              3_000,
              Range.atLeast(2_000),
              Importance.LOW,
              "The embedded broker's broker.session.timeout.ms: after a kill -9 of the whole"
                  + " process its controller waits this long for the old broker's session before"
                  + " the restarted broker may register and serve. The broker heartbeats six times"
                  + " a session (at most once a second); a JVM stalled for a whole session gets its"
                  + " broker fenced until the next heartbeat.")
          .define(
              ORPHANED_TRANSACTION_CHECK_MS,
              Type.LONG,
              1000L,
              Range.atLeast(0),
              Importance.LOW,
              "How often, under exactly-once, the app looks for open transactions of an instance"
                  + " gone from its group and fences them (two scans in a row), so that the"
                  + " instances that took over its partitions read on (README, Scaling out). 0 ="
                  + " never.");

  public BlendConfig(Map<?, ?> props) {
    super(DEF, props, false);
  }

  /**
   * Layers the sources the Kafka way: file properties, then {@code BLENDSTREAM_*} env, then
   * explicit overrides.
   */
  public static BlendConfig load(
      Properties fileProps, Map<String, String> env, Map<String, ?> overrides) {
    Map<String, Object> merged = new HashMap<>();
    if (fileProps != null) {
      fileProps.forEach((k, v) -> merged.put(k.toString(), v));
    }
    merged.putAll(fromEnv(env));
    if (overrides != null) {
      overrides.forEach(
          (k, v) -> {
            if (v != null) merged.put(k, v);
          });
    }
    return new BlendConfig(merged);
  }

  /**
   * {@code BLENDSTREAM_DEADLINE_MS} becomes {@code deadline.ms}, as Confluent's images map {@code
   * KAFKA_*}.
   */
  static Map<String, String> fromEnv(Map<String, String> env) {
    Map<String, String> out = new HashMap<>();
    env.forEach(
        (k, v) -> {
          if (k.startsWith(ENV_PREFIX)) {
            out.put(
                k.substring(ENV_PREFIX.length())
                    .toLowerCase(Locale.ROOT)
                    .replace("__", "-")
                    .replace('_', '.'),
                v);
          }
        });
    return out;
  }

  /** {@code ${user.home}/.cache/blendstream}, the XDG-style per-user cache. */
  static String defaultModelCacheDir() {
    return Path.of(System.getProperty("user.home"), ".cache", "blendstream").toString();
  }

  public boolean embeddedBroker() {
    return getString(BOOTSTRAP_SERVERS).isBlank();
  }

  public boolean embeddedRegistry() {
    return getString(SCHEMA_REGISTRY_URL).isBlank();
  }

  public String bootstrapServers() {
    return getString(BOOTSTRAP_SERVERS);
  }

  public String schemaRegistryUrl() {
    return getString(SCHEMA_REGISTRY_URL);
  }

  public String applicationId() {
    return getString(APPLICATION_ID);
  }

  public String processingGuarantee() {
    return getString(PROCESSING_GUARANTEE);
  }

  public Path dataDir() {
    return Path.of(getString(DATA_DIR));
  }

  public Path modelCacheDir() {
    return Path.of(getString(MODEL_CACHE_DIR));
  }

  public int embeddedKafkaPort() {
    return getInt(EMBEDDED_KAFKA_PORT);
  }

  public int embeddedRegistryPort() {
    return getInt(EMBEDDED_REGISTRY_PORT);
  }

  public String embeddedRegistryBindAddress() {
    return getString(EMBEDDED_REGISTRY_BIND_ADDRESS);
  }

  public Topics topics() {
    return new Topics(getString(TOPIC_PREFIX));
  }

  public int topicPartitions() {
    return getInt(TOPIC_PARTITIONS);
  }

  public List<String> models() {
    return getList(MODELS);
  }

  public long deadlineMs() {
    return getLong(DEADLINE_MS);
  }

  public int minCandidates() {
    return getInt(MIN_CANDIDATES);
  }

  public boolean requestsRequired() {
    return getBoolean(REQUESTS_REQUIRED);
  }

  public long requestTtlMs() {
    return getLong(REQUEST_TTL_MS);
  }

  public boolean requestsExpected() {
    return getBoolean(REQUESTS_EXPECTED);
  }

  public long requestWaitMs() {
    return getLong(REQUEST_WAIT_MS);
  }

  public long lateRetentionMs() {
    return getLong(LATE_RETENTION_MS);
  }

  public long assemblyCatchupMs() {
    return getLong(ASSEMBLY_CATCHUP_MS);
  }

  public long assemblyRestoreGraceMs() {
    return getLong(ASSEMBLY_RESTORE_GRACE_MS);
  }

  public long candidatesDiscoveryMs() {
    return getLong(CANDIDATES_DISCOVERY_MS);
  }

  public long hangingTransactionCheckMs() {
    return getLong(HANGING_TRANSACTION_CHECK_MS);
  }

  public long punctuateIntervalMs() {
    return getLong(PUNCTUATE_INTERVAL_MS);
  }

  public String ranker() {
    return getString(RANKER);
  }

  public String rankerModelDir() {
    return getString(RANKER_MODEL_DIR);
  }

  public String rankerAggregation() {
    return getString(RANKER_AGGREGATION);
  }

  public int rankerBatchSize() {
    return getInt(RANKER_BATCH_SIZE);
  }

  public String rankerPriorFile() {
    return getString(RANKER_PRIOR_FILE);
  }

  public String rankerEnsembleFile() {
    return getString(RANKER_ENSEMBLE_FILE);
  }

  public boolean rankerBatchByLength() {
    return "length".equals(getString(RANKER_BATCH_ORDER));
  }

  public boolean rankerDedup() {
    return getBoolean(RANKER_DEDUP);
  }

  public boolean rankerSymmetric() {
    return getBoolean(RANKER_SYMMETRIC);
  }

  public String device() {
    return getString(DEVICE);
  }

  public boolean fuserEnabled() {
    return getBoolean(FUSER_ENABLED);
  }

  public String fuserModelDir() {
    return getString(FUSER_MODEL_DIR);
  }

  public int fuserTopK() {
    return getInt(FUSER_TOP_K);
  }

  public long fuserBudgetMs() {
    return getLong(FUSER_BUDGET_MS);
  }

  public int candidateMaxChars() {
    return getInt(CANDIDATE_MAX_CHARS);
  }

  public int setMaxCandidates() {
    return getInt(SET_MAX_CANDIDATES);
  }

  public int recordMaxBytes() {
    return getInt(RECORD_MAX_BYTES);
  }

  /**
   * The size every producer, topic and broker must accept: {@code record.max.bytes} plus the
   * framing allowance.
   */
  public int transportMaxBytes() {
    return recordMaxBytes() + FRAMING_ALLOWANCE_BYTES;
  }

  public boolean ingestRekey() {
    return getBoolean(INGEST_REKEY);
  }

  public boolean metricsEnabled() {
    return getBoolean(METRICS_ENABLED);
  }

  public int metricsPort() {
    return getInt(METRICS_PORT);
  }

  public String metricsBindAddress() {
    return getString(METRICS_BIND_ADDRESS);
  }

  public long healthStallReadyMs() {
    return getLong(HEALTH_STALL_READY_MS);
  }

  public long healthStallLiveMs() {
    return getLong(HEALTH_STALL_LIVE_MS);
  }

  public Role role() {
    return Role.of(getString(ROLE));
  }

  public boolean feedbackEnabled() {
    return getBoolean(FEEDBACK_ENABLED);
  }

  public String priorMethod() {
    return getString(PRIOR_METHOD);
  }

  public double priorHalfLife() {
    return getDouble(PRIOR_HALF_LIFE);
  }

  public boolean priorWarmStart() {
    return getBoolean(PRIOR_WARM_START);
  }

  public long feedbackDedupeRetentionMs() {
    return getLong(FEEDBACK_DEDUPE_RETENTION_MS);
  }

  public double feedbackJudgeRate() {
    return getDouble(FEEDBACK_JUDGE_RATE);
  }

  public String instanceId() {
    return getString(INSTANCE_ID);
  }

  public boolean staticMembership() {
    return getBoolean(STATIC_MEMBERSHIP);
  }

  public int groupSessionTimeoutMs() {
    return getInt(GROUP_SESSION_TIMEOUT_MS);
  }

  public int standbyReplicas() {
    return getInt(STANDBY_REPLICAS);
  }

  public int embeddedBrokerSessionTimeoutMs() {
    return getInt(EMBEDDED_BROKER_SESSION_TIMEOUT_MS);
  }

  public long orphanedTransactionCheckMs() {
    return getLong(ORPHANED_TRANSACTION_CHECK_MS);
  }

  /** The LLM judge's and aggregator's keys (issue 22). */
  public LlmSettings llm() {
    return new LlmSettings(this);
  }

  /**
   * The apps an instance runs: assembly scales with CPU and state, ranking with the model's device.
   */
  public enum Role {
    ALL,
    ASSEMBLE,
    RANK;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public boolean assembles() {
      return this != RANK;
    }

    public boolean ranks() {
      return this != ASSEMBLE;
    }

    static String[] keys() {
      return java.util.Arrays.stream(values()).map(Role::key).toArray(String[]::new);
    }

    static Role of(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }
  }

  /** The {@code streams.*} keys, prefix stripped, for Kafka Streams to apply last. */
  public Map<String, Object> streamsOverrides() {
    return originalsWithPrefix(STREAMS_PREFIX);
  }

  /**
   * The Streams producers' transaction timeout: ours, or {@code
   * streams.producer.transaction.timeout.ms}. A model can take seconds per set on a CPU, and under
   * exactly-once that time sits inside one transaction, so Streams' 10 s default would abort it and
   * fence the thread; the LLM budgets are checked against this figure.
   */
  public long transactionTimeoutMs() {
    Object v = streamsOverrides().get(TRANSACTION_TIMEOUT_OVERRIDE);
    return v == null ? DEFAULT_TRANSACTION_TIMEOUT_MS : Long.parseLong(String.valueOf(v));
  }

  /**
   * A copy with some keys replaced; the embedded runtime uses it to fill in the addresses it
   * started.
   */
  public BlendConfig with(Map<String, ?> overrides) {
    Map<String, Object> merged = new HashMap<>(originals());
    merged.putAll(overrides);
    return new BlendConfig(merged);
  }
}

package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.app.BadInputMatrixTest.Raw;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.DeadLetter;
import org.blendstream.avro.Request;
import org.blendstream.ingest.AvroSerdeFactory;
import org.blendstream.runtime.KafkaTestCluster;
import org.blendstream.runtime.TopicSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 24: what a hostile (or merely careless) user does beyond the crash tests, each case against
 * one real broker and one running app, which the cases share to keep the class fast: they use their
 * own request ids, and the case that stops the broker runs last.
 */
@IntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputsTest {

  @RegisterExtension static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  private static final int PARTITIONS = 2;
  private static final String PROMPT = "Name a colour.";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static BlendConfig config;
  private static BlendApp app;
  private static OpsEndpoint ops;
  private static Raw raw;

  /**
   * Everything logged while the class runs (slf4j-simple writes to System.err), for the warnings it
   * must not have.
   */
  private static final java.io.ByteArrayOutputStream LOGGED = new java.io.ByteArrayOutputStream();

  private static java.io.PrintStream stderr;

  @BeforeAll
  static void start() throws Exception {
    stderr = System.err;
    System.setErr(
        new java.io.PrintStream(
            new java.io.OutputStream() {
              @Override
              public void write(int b) {
                stderr.write(b);
                synchronized (LOGGED) {
                  LOGGED.write(b);
                }
              }

              @Override
              public void write(byte[] b, int off, int len) {
                stderr.write(b, off, len);
                synchronized (LOGGED) {
                  LOGGED.write(b, off, len);
                }
              }
            },
            true,
            StandardCharsets.UTF_8));
    Map<String, Object> props =
        new HashMap<>(
            Map.of(
                BlendConfig.TOPIC_PREFIX,
                "hostile",
                BlendConfig.APPLICATION_ID,
                "hostile-app",
                BlendConfig.MODELS,
                "a,b",
                BlendConfig.DEADLINE_MS,
                1500L,
                BlendConfig.RANKER,
                "longest",
                BlendConfig.TOPIC_PARTITIONS,
                PARTITIONS,
                BlendConfig.ASSEMBLY_RESTORE_GRACE_MS,
                3000L,
                BlendConfig.CANDIDATES_DISCOVERY_MS,
                300L,
                BlendConfig.SET_MAX_CANDIDATES,
                2,
                BlendConfig.METRICS_PORT,
                0));
    props.put(BlendConfig.HEALTH_STALL_READY_MS, 2000L);
    props.put(BlendConfig.HEALTH_STALL_LIVE_MS, 5000L);
    BlendConfig base = KAFKA.config(props);
    try (Admin admin = KAFKA.admin()) {
      new TopicSetup(base, admin).createTopics();
    }
    config = base.with(Map.of(BlendConfig.DATA_DIR, KAFKA.dataDir().resolve("hostile").toString()));
    app = BlendApp.start(config);
    ops = OpsEndpoint.start(app.config(), app);
    app.awaitRunning(Duration.ofSeconds(90));
    raw = new Raw(config);
  }

  @AfterAll
  static void stop() {
    if (raw != null) {
      raw.close();
    }
    if (ops != null) {
      ops.close();
    }
    if (app != null) {
      app.close();
    }
    if (stderr != null) {
      System.setErr(stderr);
    }
  }

  private static String logged() {
    synchronized (LOGGED) {
      return LOGGED.toString(StandardCharsets.UTF_8);
    }
  }

  private static byte[] requestBytes(String id, List<String> models, Long deadlineMs) {
    return AvroSerdeFactory.from(config)
        .serde(Request.class, config)
        .serializer()
        .serialize(
            config.topics().requests(),
            Request.newBuilder()
                .setRequestId(id)
                .setInstruction(PROMPT)
                .setExpectedModels(models)
                .setDeadlineMs(deadlineMs)
                .setCreatedAt(System.currentTimeMillis())
                .build());
  }

  private static byte[] candidateBytes(String id, String model, String text, String instruction) {
    String topic = config.topics().candidates(model);
    return AvroSerdeFactory.from(config)
        .serde(Candidate.class, config)
        .serializer()
        .serialize(
            topic,
            Candidate.newBuilder()
                .setRequestId(id)
                .setModel(model)
                .setText(text)
                .setInstruction(instruction)
                .setCreatedAt(System.currentTimeMillis())
                .build());
  }

  /** How many answers each of {@code ids} got, once all have one (or the timeout passed). */
  private static Map<String, Long> answers(Set<String> ids, Duration timeout) {
    long until = System.nanoTime() + timeout.toNanos();
    Map<String, Long> counts;
    do {
      counts =
          BlendPipelineEndToEndTest.readCommitted(
                  config,
                  config.topics().blended(),
                  BlendedResponse.class,
                  0,
                  Duration.ofSeconds(5))
              .stream()
              .map(BlendedResponse::getRequestId)
              .filter(ids::contains)
              .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    } while (!counts.keySet().containsAll(ids) && System.nanoTime() < until);
    return counts;
  }

  private static List<DeadLetter> lettersFor(Predicate<String> key, int atLeast, Duration timeout) {
    long until = System.nanoTime() + timeout.toNanos();
    List<DeadLetter> letters;
    do {
      letters =
          BlendPipelineEndToEndTest.readCommitted(
                  config, config.topics().deadLetters(), DeadLetter.class, 0, Duration.ofSeconds(5))
              .stream()
              .filter(
                  l ->
                      l.getKey() != null
                          && key.test(
                              new String(
                                  BadInputMatrixTest.bytes(l.getKey()), StandardCharsets.UTF_8)))
              .toList();
    } while (letters.size() < atLeast && System.nanoTime() < until);
    return letters;
  }

  private static String keyOf(DeadLetter letter) {
    return new String(BadInputMatrixTest.bytes(letter.getKey()), StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(ops.metricsUrl().resolve(path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The sum of every sample of one metric. */
  private static double total(String scrape, String name) {
    Matcher m =
        Pattern.compile(
                "^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE)
            .matcher(scrape);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }

  /**
   * Polls {@code path} until its answer meets {@code until} or the timeout passes; returns the last
   * answer.
   */
  private static HttpResponse<String> poll(
      String path, Predicate<HttpResponse<String>> until, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    HttpResponse<String> r = get(path);
    while (!until.test(r) && System.nanoTime() < end) {
      Thread.sleep(100);
      r = get(path);
    }
    return r;
  }

  /** A request id that Java's producer puts on the given partition. */
  private static String idOn(String prefix, int partition) {
    for (int i = 0; ; i++) {
      if (BadInputMatrixTest.partitionOf(prefix + i, PARTITIONS) == partition) {
        return prefix + i;
      }
    }
  }

  /**
   * Item 1: an overflowing deadline never closed its set (its due time wrapped and the punctuator
   * took the entry for superseded), and 0 meant "now". Each is a validation error now, and the
   * candidates still form a set without it.
   */
  @Test
  @Order(1)
  void aDeadlineOutsideItsRangeIsDeadLetteredWithItsBytesAndTheSetIsStillAnswered()
      throws Exception {
    Map<String, Long> deadlines = new LinkedHashMap<>();
    deadlines.put("deadline-max", Long.MAX_VALUE);
    deadlines.put("deadline-min", Long.MIN_VALUE);
    deadlines.put("deadline-zero", 0L);
    deadlines.put("deadline-negative", -5L);
    deadlines.put("deadline-two-days", 2 * BlendConfig.MAX_DEADLINE_MS);
    Map<String, byte[]> sent = new HashMap<>();
    for (Map.Entry<String, Long> d : deadlines.entrySet()) {
      sent.put(
          d.getKey(),
          raw.send(
              config.topics().requests(),
              null,
              d.getKey(),
              requestBytes(d.getKey(), List.of("a", "b"), d.getValue())));
      raw.send(
          config.topics().candidates("a"),
          null,
          d.getKey(),
          candidateBytes(d.getKey(), "a", "only a", PROMPT));
    }
    raw.send(
        config.topics().requests(),
        null,
        "deadline-in-range",
        requestBytes("deadline-in-range", List.of("a", "b"), 1000L));
    raw.send(
        config.topics().candidates("a"),
        null,
        "deadline-in-range",
        candidateBytes("deadline-in-range", "a", "only a", PROMPT));

    Set<String> ids = new java.util.HashSet<>(deadlines.keySet());
    ids.add("deadline-in-range");
    Map<String, Long> answered = answers(ids, Duration.ofSeconds(30));
    assertEquals(
        ids.stream().collect(Collectors.toMap(id -> id, id -> 1L)),
        answered,
        "every request answered once, from its candidates when its own deadline was refused");
    Map<String, DeadLetter> letters =
        lettersFor(deadlines::containsKey, deadlines.size(), Duration.ofSeconds(20)).stream()
            .collect(Collectors.toMap(HostileInputsTest::keyOf, l -> l));
    assertEquals(deadlines.keySet(), letters.keySet());
    letters.forEach(
        (id, letter) -> {
          assertEquals(config.topics().requests(), letter.getSourceTopic(), id);
          assertTrue(
              letter.getReason().contains("deadline_ms " + deadlines.get(id)),
              id + ": " + letter.getReason());
          assertTrue(letter.getOffset() >= 0 && letter.getPartition() >= 0, id);
          assertArrayEquals(sent.get(id), BadInputMatrixTest.bytes(letter.getOriginal()), id);
        });
  }

  /**
   * Item 7: a producer whose clock is two minutes behind. Its request's deadline counted from that
   * clock had passed before the request arrived; with no candidate yet it was given up, and its
   * candidates went to blend.late.
   */
  @Test
  @Order(2)
  void aProducerWhoseClockIsTwoMinutesBehindLosesNoRequest() throws Exception {
    long skewed = System.currentTimeMillis() - 120_000;
    String id = "skewed-clock";
    raw.send(
        config.topics().requests(), null, skewed, id, requestBytes(id, List.of("a", "b"), 4000L));
    Thread.sleep(1500); // the models take their time; the punctuator looks at the set meanwhile
    raw.send(
        config.topics().candidates("a"),
        null,
        skewed,
        id,
        candidateBytes(id, "a", "skewed a", PROMPT));
    raw.send(
        config.topics().candidates("b"),
        null,
        skewed,
        id,
        candidateBytes(id, "b", "skewed bb", PROMPT));

    assertEquals(Map.of(id, 1L), answers(Set.of(id), Duration.ofSeconds(20)));
    // Judged by the broker's clock: the topic says LogAppendTime, and the batches it hands out
    // carry it.
    try (Admin admin = KAFKA.admin()) {
      ConfigResource requests =
          new ConfigResource(ConfigResource.Type.TOPIC, config.topics().requests());
      assertEquals(
          "LogAppendTime",
          admin
              .describeConfigs(List.of(requests))
              .all()
              .get(30, TimeUnit.SECONDS)
              .get(requests)
              .get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG)
              .value());
    }
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      TopicPartition p =
          new TopicPartition(
              config.topics().requests(), BadInputMatrixTest.partitionOf(id, PARTITIONS));
      consumer.assign(List.of(p));
      consumer.seekToBeginning(List.of(p));
      ConsumerRecord<byte[], byte[]> first =
          consumer.poll(Duration.ofSeconds(10)).iterator().next();
      assertEquals(TimestampType.LOG_APPEND_TIME, first.timestampType());
    }
    List<CandidateSet> sets =
        BlendPipelineEndToEndTest.readCommitted(
                config,
                config.topics().candidateSets(),
                CandidateSet.class,
                0,
                Duration.ofSeconds(2))
            .stream()
            .filter(s -> s.getRequestId().equals(id))
            .toList();
    assertTrue(sets.get(0).getComplete(), "both candidates joined the set: " + sets);
    assertEquals(List.of(), lettersFor(id::equals, 0, Duration.ZERO));
  }

  /**
   * Item 7: the dead letters of a set that could not form named partition and offset -1 and carried
   * no request bytes; they name where each record sits, with its bytes.
   */
  @Test
  @Order(3)
  void aGivenUpSetsRequestAndCandidatesReachTheDlqWithTheirPositionsAndBytes() throws Exception {
    byte[] request = requestBytes("lonely-request", List.of("a", "b"), 500L);
    RecordMetadata requestAt =
        raw.send(config.topics().requests(), null, null, "lonely-request", request);
    byte[] promptless = candidateBytes("promptless", "a", "an answer without its prompt", null);
    RecordMetadata candidateAt =
        raw.send(config.topics().candidates("a"), null, null, "promptless", promptless);

    Map<String, DeadLetter> letters =
        lettersFor(Set.of("lonely-request", "promptless")::contains, 2, Duration.ofSeconds(30))
            .stream()
            .collect(Collectors.toMap(HostileInputsTest::keyOf, l -> l));
    DeadLetter lonely = letters.get("lonely-request");
    assertEquals(config.topics().requests(), lonely.getSourceTopic());
    assertEquals(requestAt.partition(), lonely.getPartition());
    assertEquals(requestAt.offset(), lonely.getOffset());
    assertArrayEquals(request, BadInputMatrixTest.bytes(lonely.getOriginal()));
    DeadLetter orphan = letters.get("promptless");
    assertTrue(orphan.getReason().contains("no prompt"), orphan.getReason());
    assertEquals(config.topics().candidates("a"), orphan.getSourceTopic());
    assertEquals(candidateAt.partition(), orphan.getPartition());
    assertEquals(candidateAt.offset(), orphan.getOffset());
    assertArrayEquals(promptless, BadInputMatrixTest.bytes(orphan.getOriginal()));
  }

  /**
   * Item 2: a model's topic created while the app runs with another partition count than the
   * others. Read, its candidates of a request on partition 1 met no sibling and formed a second
   * set: two answers, nothing logged.
   */
  @Test
  @Order(4)
  void aDiscoveredTopicWithAnotherPartitionCountIsRefusedNotRead() throws Exception {
    String odd = config.topics().candidates("odd");
    try (Admin admin = KAFKA.admin()) {
      admin.createTopics(List.of(new NewTopic(odd, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    HttpResponse<String> health =
        poll(
            "/health/ready",
            r -> r.body().contains("\"refused_topics\":[\"" + odd + "\"]"),
            Duration.ofSeconds(15));
    assertTrue(health.body().contains("\"refused_topics\":[\"" + odd + "\"]"), health.body());
    assertEquals(1.0, total(get("/metrics").body(), "blendstream_candidates_topics_refused"));

    String id = idOn("odd-", 1);
    raw.send(config.topics().requests(), null, id, requestBytes(id, List.of("a", "odd"), 1000L));
    raw.send(config.topics().candidates("a"), null, id, candidateBytes(id, "a", "from a", PROMPT));
    raw.send(odd, null, id, candidateBytes(id, "odd", "from the odd topic", PROMPT));
    Map<String, Long> answered = answers(Set.of(id), Duration.ofSeconds(20));
    Thread.sleep(
        config.deadlineMs() + config.assemblyRestoreGraceMs()); // a second set would close by now
    answered = answers(Set.of(id), Duration.ofSeconds(5));
    assertEquals(Map.of(id, 1L), answered, "one answer, without the refused topic's candidate");
  }

  /**
   * Item 8: after the assembly app restarted over a new topic, its set counters froze. As the user
   * saw it (run, scrape, create a candidate topic, produce, scrape): the first discovery restart
   * set the series back to the new app's count, and from the second one on they stopped moving for
   * good (old code, run by hand: 80 while blended_total went 80 → 240), because the first app's
   * binder still refreshed on the shared scheduler.
   */
  @Test
  @Order(5)
  void assemblyCountersMoveAfterATopicDiscoveryRestart() throws Exception {
    double before = completeOneSet("before-restart", List.of("a"), 0);
    for (String model : List.of("c", "d")) {
      CountDownLatch replaced = new CountDownLatch(1);
      app.onStreamsReplaced((name, streams) -> replaced.countDown());
      try (Admin admin = KAFKA.admin()) {
        new TopicSetup(config, admin).createCandidateTopic(model);
      }
      assertTrue(
          replaced.await(30, TimeUnit.SECONDS),
          "the assembly app restarted over the new topic " + model);
      app.awaitRunning(Duration.ofSeconds(60));
      before = completeOneSet("after-restart-" + model, List.of("a", model), before);
    }
    // Item 9: Micrometer's binder re-registered the renamed assembler meters whenever a Kafka
    // metric came or went.
    assertFalse(logged().contains("has been already registered"), "no meter registered twice");
  }

  /**
   * Sends one request and its models' candidates, awaits its answer; sets_complete_total must pass
   * {@code before}.
   */
  private static double completeOneSet(String id, List<String> models, double before)
      throws Exception {
    raw.send(config.topics().requests(), null, id, requestBytes(id, models, null));
    for (String model : models) {
      raw.send(
          config.topics().candidates(model),
          null,
          id,
          candidateBytes(id, model, "answer of " + model, PROMPT));
    }
    assertEquals(Map.of(id, 1L), answers(Set.of(id), Duration.ofSeconds(30)));
    HttpResponse<String> scrape =
        poll(
            "/metrics",
            r -> total(r.body(), "blendstream_assembly_sets_complete_total") >= before + 1,
            Duration.ofSeconds(20));
    double now = total(scrape.body(), "blendstream_assembly_sets_complete_total");
    assertTrue(
        now >= before + 1,
        "sets_complete_total went from "
            + before
            + " to "
            + now
            + " over "
            + id
            + ": "
            + scrape
                .body()
                .lines()
                .filter(l -> l.startsWith("blendstream_assembly_sets_complete_total"))
                .toList());
    return now;
  }

  /**
   * Item 9: a candidate refused by set.max.candidates was listed as missing, as if its model had
   * not answered; it answered, and its answer is in the DLQ.
   */
  @Test
  @Order(6)
  void aCandidateRefusedBySetMaxCandidatesIsNotListedAsMissing() throws Exception {
    String id = "capped";
    raw.send(config.topics().requests(), null, id, requestBytes(id, List.of("a", "b", "c"), 1000L));
    for (String m : List.of("a", "b", "c")) {
      raw.send(
          config.topics().candidates(m), null, id, candidateBytes(id, m, "answer of " + m, PROMPT));
    }
    assertEquals(Map.of(id, 1L), answers(Set.of(id), Duration.ofSeconds(20)));
    CandidateSet set =
        BlendPipelineEndToEndTest.readCommitted(
                config,
                config.topics().candidateSets(),
                CandidateSet.class,
                0,
                Duration.ofSeconds(2))
            .stream()
            .filter(s -> s.getRequestId().equals(id))
            .findFirst()
            .orElseThrow();
    assertEquals(List.of(), set.getMissingModels(), "c answered; set.max.candidates=2 refused it");
    assertFalse(set.getComplete(), "a set without one of its answers is not complete");
    assertEquals(1, lettersFor(id::equals, 1, Duration.ofSeconds(10)).size());
  }

  /**
   * Item 4: both health paths answered 200 while the input probe failed for 200 s. With the broker
   * gone, readiness fails after health.stall.ready.ms (2 s here) and liveness after
   * health.stall.live.ms (5 s), saying why; both recover when the broker is back. Last: it stops
   * the shared broker.
   */
  @Test
  @Order(7)
  void healthFailsWhileTheBrokerIsOutOfReachAndSaysWhy() throws Exception {
    assertEquals(
        200,
        poll("/health/ready", r -> r.statusCode() == 200, Duration.ofSeconds(30)).statusCode());
    long stopped =
        System
            .nanoTime(); // the broker answers until its close; each bound runs from a later answer
    KAFKA.stopKeepingData();
    HttpResponse<String> ready =
        poll("/health/ready", r -> r.statusCode() == 503, Duration.ofSeconds(20));
    long notReadyMs = (System.nanoTime() - stopped) / 1_000_000;
    assertEquals(503, ready.statusCode(), ready.body());
    assertTrue(
        ready.body().contains("\"problems\":[") && ready.body().contains("input probe"),
        ready.body());
    HttpResponse<String> live =
        poll("/health/live", r -> r.statusCode() == 503, Duration.ofSeconds(20));
    long notLiveMs = (System.nanoTime() - stopped) / 1_000_000;
    assertEquals(503, live.statusCode(), live.body());
    System.out.printf(
        "health with the broker stopped: not ready after %d ms, not live after %d ms%n",
        notReadyMs, notLiveMs);
    // A probe's age runs from when it was sent (every 200 ms, answered within 1 s), so up to that
    // much before the stop.
    assertTrue(
        notReadyMs >= config.healthStallReadyMs() - 1000,
        "ready failed only near its bound: " + notReadyMs);
    assertTrue(
        notLiveMs >= config.healthStallLiveMs() - 1000,
        "live failed only near its bound: " + notLiveMs);
    assertTrue(notLiveMs > notReadyMs);

    KAFKA.restart();
    HttpResponse<String> back =
        poll("/health/ready", r -> r.statusCode() == 200, Duration.ofSeconds(60));
    assertEquals(200, back.statusCode(), back.body());
    assertTrue(back.body().contains("\"problems\":[]"), back.body());
  }
}

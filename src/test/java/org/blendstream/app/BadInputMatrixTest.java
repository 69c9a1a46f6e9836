package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.Topics;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.DeadLetter;
import org.blendstream.avro.Request;
import org.blendstream.ingest.AvroSerdeFactory;
import org.blendstream.ingest.DeadLetters;
import org.blendstream.runtime.KafkaTestCluster;
import org.blendstream.runtime.TopicSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every kind of bad input, published through a real broker into the running pipeline: each lands
 * where the README's "Input validation" says (the DLQ with its reason and original bytes,
 * blend.late, or a counter), and a valid request published after all of them is still answered at
 * once.
 */
@IntegrationTest
class BadInputMatrixTest {

  @RegisterExtension static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  private static final int PARTITIONS = 3;
  private static final String PROMPT = "Name a colour.";

  private static BlendConfig config(String name, Map<String, Object> extra) {
    Map<String, Object> props =
        new HashMap<>(
            Map.of(
                BlendConfig.TOPIC_PREFIX,
                name,
                BlendConfig.APPLICATION_ID,
                name + "-app",
                BlendConfig.MODELS,
                "a,b,c",
                BlendConfig.DEADLINE_MS,
                1500L,
                BlendConfig.RANKER,
                "longest",
                BlendConfig.TOPIC_PARTITIONS,
                PARTITIONS));
    props.putAll(extra);
    BlendConfig config = KAFKA.config(props);
    try (Admin admin = KAFKA.admin()) {
      TopicSetup setup = new TopicSetup(config, admin);
      setup.createTopics();
      setup.createCandidateTopic("d");
    }
    return config.with(Map.of(BlendConfig.DATA_DIR, KAFKA.dataDir().resolve(name).toString()));
  }

  /**
   * Publishes raw bytes, as a producer that bypasses our serde (or has a bug) would;
   * HostileInputsTest shares it.
   */
  static final class Raw implements AutoCloseable {
    private final BlendConfig config;
    private final KafkaProducer<byte[], byte[]> producer;

    Raw(BlendConfig config) {
      this.config = config;
      this.producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  config.bootstrapServers(),
                  ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                  config.transportMaxBytes()),
              new ByteArraySerializer(),
              new ByteArraySerializer());
    }

    byte[] candidateBytes(String topic, String requestId, String model, String text) {
      return AvroSerdeFactory.from(config)
          .serde(Candidate.class, config)
          .serializer()
          .serialize(
              topic,
              Candidate.newBuilder()
                  .setRequestId(requestId)
                  .setModel(model)
                  .setText(text)
                  .setInstruction(PROMPT)
                  .setCreatedAt(System.currentTimeMillis())
                  .build());
    }

    byte[] requestBytes(String requestId, List<String> models) {
      return AvroSerdeFactory.from(config)
          .serde(Request.class, config)
          .serializer()
          .serialize(
              config.topics().requests(),
              Request.newBuilder()
                  .setRequestId(requestId)
                  .setInstruction(PROMPT)
                  .setExpectedModels(models)
                  .setCreatedAt(System.currentTimeMillis())
                  .build());
    }

    byte[] send(String topic, Integer partition, String key, byte[] value) throws Exception {
      send(topic, partition, null, key, value);
      return value;
    }

    /**
     * With a record timestamp of the producer's choosing (null: its clock), as a producer with a
     * wrong clock sends.
     */
    RecordMetadata send(String topic, Integer partition, Long timestamp, String key, byte[] value)
        throws Exception {
      return producer
          .send(
              new ProducerRecord<>(
                  topic,
                  partition,
                  timestamp,
                  key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                  value))
          .get();
    }

    byte[] candidate(String model, String key, String requestId, String text) throws Exception {
      String topic = config.topics().candidates(model);
      return send(topic, null, key, candidateBytes(topic, requestId, model, text));
    }

    void request(String requestId, List<String> models) throws Exception {
      send(config.topics().requests(), null, requestId, requestBytes(requestId, models));
    }

    @Override
    public void close() {
      producer.close();
    }
  }

  /** The bytes with the first occurrence of {@code marker} overwritten by {@code replacement}. */
  private static byte[] patched(byte[] bytes, String marker, byte[] replacement) {
    byte[] m = marker.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + m.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + m.length, m, 0, m.length)) {
        byte[] out = bytes.clone();
        System.arraycopy(replacement, 0, out, i, replacement.length);
        return out;
      }
    }
    throw new AssertionError("marker " + marker + " not in the record");
  }

  private static int partitionOf(String key) {
    return partitionOf(key, PARTITIONS);
  }

  /** The partition Java's producer picks for a keyed record. */
  static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  static byte[] bytes(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /**
   * The assembler's counter of one kind, summed over the tasks of this app's stream threads
   * (Streams' JMX beans).
   */
  private static double assemblerTotal(String app, String operation) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    double total = 0;
    for (ObjectName name :
        server.queryNames(
            new ObjectName("kafka.streams:type=stream-blendstream-metrics,*"), null)) {
      if (String.valueOf(name.getKeyProperty("thread-id")).startsWith(app)) {
        total += ((Number) server.getAttribute(name, operation + "-total")).doubleValue();
      }
    }
    return total;
  }

  @Test
  void eachBadInputLandsWhereTheReadmeSaysAndALaterRequestIsStillAnsweredInTime() throws Exception {
    BlendConfig config = config("matrix", Map.of(BlendConfig.SET_MAX_CANDIDATES, 3));
    Topics topics = config.topics();
    Map<String, byte[]> sent = new HashMap<>();
    try (BlendApp app = BlendApp.start(config);
        Raw raw = new Raw(config)) {
      app.awaitRunning(Duration.ofSeconds(90));
      String a = topics.candidates("a");

      byte[] random = new byte[64];
      new Random(11).nextBytes(random);
      random[0] = 42;
      sent.put("bad-random", raw.send(a, null, "bad-random", random));
      byte[] whole =
          raw.candidateBytes(
              a, "bad-truncated", "a", "a payload cut short in the middle of its text");
      sent.put(
          "bad-truncated",
          raw.send(a, null, "bad-truncated", Arrays.copyOf(whole, whole.length - 20)));
      byte[] unknownId = raw.candidateBytes(a, "bad-schema-id", "a", "fine");
      ByteBuffer.wrap(unknownId, 1, 4).putInt(999_999);
      sent.put("bad-schema-id", raw.send(a, null, "bad-schema-id", unknownId));
      sent.put("bad-empty", raw.candidate("a", "bad-empty", "bad-empty", ""));
      sent.put("bad-tombstone", raw.send(a, null, "bad-tombstone", null));
      // A Candidate on the requests topic: its schema id names a Candidate, not a Request.
      sent.put(
          "bad-wrong-type",
          raw.send(
              topics.requests(),
              null,
              "bad-wrong-type",
              raw.candidateBytes("matrix.wrong-type", "bad-wrong-type", "a", "I am a candidate")));
      String b = topics.candidates("b");
      sent.put(
          "bad-utf8-text",
          raw.send(
              b,
              null,
              "bad-utf8-text",
              patched(
                  raw.candidateBytes(b, "bad-utf8-text", "b", "caf@@ au lait"),
                  "@@",
                  new byte[] {(byte) 0xC3, 0x28})));
      sent.put(
          "bad-utf8-id",
          raw.send(
              b,
              null,
              "bad-utf8-id",
              patched(
                  raw.candidateBytes(b, "id-@@", "b", "fine"),
                  "@@",
                  new byte[] {(byte) 0xFF, (byte) 0xFE})));
      sent.put(
          "bad-key", raw.candidate("b", "bad-key", "another-request", "keyed by something else"));

      // A request whose third candidate has no key and sits on another partition: it must not form
      // a second set.
      raw.request("split", List.of("a", "b", "c"));
      raw.candidate("a", "split", "split", "split a");
      raw.candidate("b", "split", "split", "split bb");
      int other = (partitionOf("split") + 1) % PARTITIONS;
      sent.put(
          "null-key",
          raw.send(
              topics.candidates("c"),
              other,
              null,
              raw.candidateBytes(topics.candidates("c"), "split", "c", "split ccc")));

      // One model more than set.max.candidates=3.
      raw.request("cap", List.of("a", "b", "c", "d"));
      raw.candidate("a", "cap", "cap", "cap a");
      raw.candidate("b", "cap", "cap", "cap b");
      raw.candidate("c", "cap", "cap", "cap c");
      sent.put("cap", raw.candidate("d", "cap", "cap", "cap d"));

      // The same model twice: the first answer counts, the second is counted as a duplicate.
      raw.request("dup", List.of("a", "b", "c"));
      raw.candidate("a", "dup", "dup", "first");
      raw.candidate("a", "dup", "dup", "second, longer, and still ignored");
      raw.candidate("b", "dup", "dup", "dup b");
      raw.candidate("c", "dup", "dup", "dup c");

      // Two 600 KB answers in one set.
      raw.request("big", List.of("a", "b", "c"));
      raw.candidate("a", "big", "big", "x".repeat(600_000));
      raw.candidate("b", "big", "big", "y".repeat(600_000));
      raw.candidate("c", "big", "big", "short");

      // A set of two that completes, then a third model answers after it was emitted.
      raw.request("late", List.of("a", "b"));
      raw.candidate("a", "late", "late", "late a");
      raw.candidate("b", "late", "late", "late b");
      assertTrue(
          BlendPipelineEndToEndTest.readCommitted(
                  config, topics.blended(), BlendedResponse.class, 5, Duration.ofSeconds(60))
              .stream()
              .anyMatch(r -> r.getRequestId().equals("late")),
          "late's set was answered");
      raw.candidate("c", "late", "late", "late c");

      long published = System.nanoTime();
      raw.request("after", List.of("a", "b", "c"));
      raw.candidate("a", "after", "after", "after a");
      raw.candidate("b", "after", "after", "after b");
      raw.candidate("c", "after", "after", "after c");
      List<BlendedResponse> answers =
          BlendPipelineEndToEndTest.readCommitted(
              config, topics.blended(), BlendedResponse.class, 6, Duration.ofSeconds(60));
      long answeredMs = (System.nanoTime() - published) / 1_000_000;

      Map<String, Long> perRequest =
          answers.stream()
              .collect(Collectors.groupingBy(BlendedResponse::getRequestId, Collectors.counting()));
      assertEquals(
          Map.of("split", 1L, "cap", 1L, "dup", 1L, "big", 1L, "late", 1L, "after", 1L),
          perRequest,
          "one answer per good request, none for the bad ones");
      Map<String, BlendedResponse> byId =
          answers.stream()
              .collect(Collectors.toMap(BlendedResponse::getRequestId, Function.identity()));
      assertTrue(byId.get("after").getComplete());
      System.out.printf(
          "bad-input matrix: the valid request after the bad ones was answered in %d ms%n",
          answeredMs);
      assertTrue(
          answeredMs < 5_000,
          "answered in " + answeredMs + " ms; deadline.ms is 1500, and it was complete");
      assertFalse(byId.get("split").getComplete());
      assertEquals(
          List.of("c"),
          byId.get("split").getMissingModels(),
          "the unkeyed candidate joined no set");
      assertEquals(
          List.of(),
          byId.get("cap").getMissingModels(),
          "d answered; set.max.candidates refused it");
      assertFalse(byId.get("cap").getComplete());

      List<CandidateSet> sets =
          BlendPipelineEndToEndTest.readCommitted(
              config, topics.candidateSets(), CandidateSet.class, 6, Duration.ofSeconds(30));
      CandidateSet big =
          sets.stream().filter(s -> s.getRequestId().equals("big")).findFirst().orElseThrow();
      assertEquals(List.of("a", "b"), big.getTruncatedModels());
      assertEquals(config.candidateMaxChars(), big.getCandidates().get(0).getText().length());
      CandidateSet dup =
          sets.stream().filter(s -> s.getRequestId().equals("dup")).findFirst().orElseThrow();
      assertEquals("first", dup.getCandidates().get(0).getText());
      assertEquals(1.0, assemblerTotal("matrix-app-assemble", "candidates-duplicate"));

      List<Candidate> late =
          BlendPipelineEndToEndTest.readCommitted(
              config, topics.late(), Candidate.class, 1, Duration.ofSeconds(30));
      assertEquals(List.of("late c"), late.stream().map(Candidate::getText).toList());

      List<DeadLetter> letters =
          BlendPipelineEndToEndTest.readCommitted(
              config, topics.deadLetters(), DeadLetter.class, sent.size(), Duration.ofSeconds(30));
      Map<String, DeadLetter> byKey =
          letters.stream()
              .collect(
                  Collectors.toMap(
                      l ->
                          l.getKey() == null
                              ? "null-key"
                              : new String(bytes(l.getKey()), StandardCharsets.UTF_8),
                      l -> l));
      assertEquals(
          sent.keySet(), byKey.keySet(), "exactly one dead letter per bad record: " + letters);
      expect(byKey, sent, "bad-random", a, "magic byte 0x2a");
      expect(byKey, sent, "bad-truncated", a, "cannot decode Candidate");
      expect(byKey, sent, "bad-schema-id", a, "unknown schema id 999999");
      expect(byKey, sent, "bad-empty", a, "has empty text");
      expect(byKey, sent, "bad-tombstone", a, "tombstone");
      expect(
          byKey,
          sent,
          "bad-wrong-type",
          topics.requests(),
          "is record org.blendstream.avro.Candidate");
      expect(byKey, sent, "bad-utf8-text", b, "invalid UTF-8 in field text");
      expect(byKey, sent, "bad-utf8-id", b, "invalid UTF-8 in field request_id");
      expect(
          byKey, sent, "bad-key", b, "key 'bad-key' differs from its request_id 'another-request'");
      expect(byKey, sent, "null-key", topics.candidates("c"), "has no key");
      expect(byKey, sent, "cap", topics.candidates("d"), "set.max.candidates=3");
      assertEquals(DeadLetters.LIMIT, byKey.get("cap").getErrorClass());
      assertEquals(DeadLetters.VALIDATION, byKey.get("null-key").getErrorClass());
    }
  }

  private static void expect(
      Map<String, DeadLetter> byKey,
      Map<String, byte[]> sent,
      String key,
      String topic,
      String reason) {
    DeadLetter letter = byKey.get(key);
    assertEquals(topic, letter.getSourceTopic(), key);
    assertTrue(letter.getReason().contains(reason), key + ": " + letter.getReason());
    assertTrue(letter.getOffset() >= 0, key + " names its source offset");
    if (sent.get(key) == null) {
      assertNull(letter.getOriginal(), key);
    } else {
      assertArrayEquals(
          sent.get(key), bytes(letter.getOriginal()), key + " carries its original bytes");
    }
  }

  /**
   * The issue's stall: two 600 KB answers made a state record larger than the changelog accepted,
   * and the assembler thread died on every retry. Here texts are not cut (candidate.max.chars is
   * above their length) and the record limit is Kafka's usual 1 MiB, so the second answer would
   * cross it: it goes to the DLQ instead, and the next request is answered at once.
   */
  @Test
  void anAnswerThatWouldOverflowItsSetIsDeadLetteredAndTheAssemblerKeepsAnswering()
      throws Exception {
    BlendConfig config =
        config(
            "overflow",
            Map.of(
                BlendConfig.RECORD_MAX_BYTES,
                1024 * 1024,
                BlendConfig.CANDIDATE_MAX_CHARS,
                1_000_000));
    Topics topics = config.topics();
    try (BlendApp app = BlendApp.start(config);
        Raw raw = new Raw(config)) {
      app.awaitRunning(Duration.ofSeconds(90));
      raw.request("huge", List.of("a", "b", "c"));
      raw.candidate("a", "huge", "huge", "x".repeat(600_000));
      byte[] second = raw.candidate("b", "huge", "huge", "y".repeat(600_000));
      raw.candidate("c", "huge", "huge", "short");
      long published = System.nanoTime();
      raw.request("next", List.of("a", "b", "c"));
      for (String m : List.of("a", "b", "c")) {
        raw.candidate(m, "next", "next", "next " + m);
      }

      List<BlendedResponse> answers =
          BlendPipelineEndToEndTest.readCommitted(
              config, topics.blended(), BlendedResponse.class, 2, Duration.ofSeconds(60));
      long answeredMs = (System.nanoTime() - published) / 1_000_000;
      assertEquals(
          List.of("huge", "next"),
          answers.stream().map(BlendedResponse::getRequestId).sorted().toList());
      BlendedResponse huge =
          answers.stream().filter(r -> r.getRequestId().equals("huge")).findFirst().orElseThrow();
      assertEquals(List.of(), huge.getMissingModels(), "b answered; record.max.bytes refused it");
      assertFalse(huge.getComplete());
      System.out.printf(
          "overflow: the request after a 2 x 600 KB set was answered, with the set before it"
              + " (closed at its deadline), within %d ms%n",
          answeredMs);
      assertTrue(answeredMs < 5_000, "answered in " + answeredMs + " ms");
      List<DeadLetter> letters =
          BlendPipelineEndToEndTest.readCommitted(
              config, topics.deadLetters(), DeadLetter.class, 1, Duration.ofSeconds(30));
      assertEquals(1, letters.size(), letters.toString());
      assertEquals(DeadLetters.LIMIT, letters.get(0).getErrorClass());
      assertTrue(
          letters.get(0).getReason().contains("more than record.max.bytes allows"),
          letters.get(0).getReason());
      assertArrayEquals(second, bytes(letters.get(0).getOriginal()));
    }
  }

  @Test
  void withIngestRekeyUnkeyedAndOtherwiseKeyedCandidatesJoinTheirRequestsSet() throws Exception {
    BlendConfig config = config("rekey", Map.of(BlendConfig.INGEST_REKEY, true));
    Topics topics = config.topics();
    try (BlendApp app = BlendApp.start(config);
        Raw raw = new Raw(config)) {
      app.awaitRunning(Duration.ofSeconds(90));
      int home = partitionOf("rk");
      raw.send(
          topics.requests(),
          (home + 1) % PARTITIONS,
          null,
          raw.requestBytes("rk", List.of("a", "b", "c")));
      raw.candidate("a", "rk", "rk", "rekeyed a");
      raw.send(
          topics.candidates("b"),
          (home + 2) % PARTITIONS,
          null,
          raw.candidateBytes(topics.candidates("b"), "rk", "b", "rekeyed bb"));
      raw.send(
          topics.candidates("c"),
          (home + 1) % PARTITIONS,
          "a-librdkafka-key",
          raw.candidateBytes(topics.candidates("c"), "rk", "c", "rekeyed ccc"));

      List<BlendedResponse> answers =
          BlendPipelineEndToEndTest.readCommitted(
              config, topics.blended(), BlendedResponse.class, 1, Duration.ofSeconds(60));
      assertEquals(1, answers.size(), "one answer: " + answers);
      assertTrue(answers.get(0).getComplete(), "all three candidates met in one set");
      assertEquals("c", answers.get(0).getSelectedModel());
      assertEquals(
          List.of(),
          BlendPipelineEndToEndTest.readCommitted(
              config, topics.deadLetters(), DeadLetter.class, 0, Duration.ofSeconds(1)));
    }
  }
}

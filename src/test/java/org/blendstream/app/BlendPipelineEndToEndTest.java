package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.SharedSupplier;
import org.blendstream.avro.AssemblyReason;
import org.blendstream.avro.BlendMode;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.DeadLetter;
import org.blendstream.avro.FuserInfo;
import org.blendstream.avro.RankingMatrix;
import org.blendstream.avro.Request;
import org.blendstream.fuse.Fuser;
import org.blendstream.fuse.FusionDeadline;
import org.blendstream.fuse.FusionPrompt;
import org.blendstream.fuse.FusionStep;
import org.blendstream.ingest.AvroSerdeFactory;
import org.blendstream.ingest.CandidatePublisher;
import org.blendstream.ingest.RequestPublisher;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Rankers;
import org.blendstream.rank.Ranking;
import org.blendstream.rank.RewardRankerFactory;
import org.blendstream.runtime.TopicSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline over a real embedded KRaft broker and registry, with exactly_once_v2. */
@IntegrationTest
class BlendPipelineEndToEndTest {

  @TempDir Path dataDir;

  private BlendConfig config(Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>();
    props.put(BlendConfig.DATA_DIR, dataDir.toString());
    props.put(BlendConfig.MODELS, "a,b,c");
    props.put(BlendConfig.DEADLINE_MS, 1500L);
    props.put(BlendConfig.RANKER, "longest");
    props.put(BlendConfig.TOPIC_PARTITIONS, 2);
    props.put(BlendConfig.EMBEDDED_KAFKA_PORT, 0);
    props.put(BlendConfig.EMBEDDED_REGISTRY_PORT, 0);
    props.putAll(extra);
    return new BlendConfig(props);
  }

  static <T extends SpecificRecord> List<T> readCommitted(
      BlendConfig config, String topic, Class<T> type, int atLeast, Duration timeout) {
    return readCommittedRecords(
            config,
            topic,
            AvroSerdeFactory.from(config).serde(type, config).deserializer(),
            atLeast,
            timeout)
        .stream()
        .map(ConsumerRecord::value)
        .toList();
  }

  /** Every committed record of a topic, from its start: at least {@code atLeast}, then 500 ms. */
  static <T> List<ConsumerRecord<String, T>> readCommittedRecords(
      BlendConfig config, String topic, Deserializer<T> values, int atLeast, Duration timeout) {
    // No consumer group: positions live in memory, so a rebalance on a loaded machine (a missed
    // heartbeat, then a
    // rejoin from the last auto-committed offset) cannot make the reader see a record twice and
    // pass for a duplicate.
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            config.bootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    List<ConsumerRecord<String, T>> out = new ArrayList<>();
    try (KafkaConsumer<String, T> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), values)) {
      List<org.apache.kafka.common.TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long until = System.nanoTime() + timeout.toNanos();
      while (out.size() < atLeast && System.nanoTime() < until) {
        consumer.poll(Duration.ofMillis(100)).forEach(out::add);
      }
      // A little longer, so that a duplicate output would be seen too.
      long grace = System.nanoTime() + Duration.ofMillis(500).toNanos();
      while (System.nanoTime() < grace) {
        consumer.poll(Duration.ofMillis(100)).forEach(out::add);
      }
    }
    return out;
  }

  private static void publish(
      BlendConfig config, String id, List<String> models, Predicate<String> answers) {
    try (RequestPublisher requests = new RequestPublisher(config)) {
      requests.publish(id, "Name a colour.", null, models, null);
    }
    for (String m : models) {
      if (answers.test(m)) {
        try (CandidatePublisher p = new CandidatePublisher(config, m)) {
          p.publish(
              id, "answer of " + m + " " + "x".repeat(m.charAt(0) - 'a'), "Name a colour.", 10L);
        }
      }
    }
  }

  @Test
  void blendsExactlyOneAnswerPerRequestAndSurvivesRestart() throws Exception {
    BlendConfig first;
    List<String> models = List.of("a", "b", "c");
    try (BlendApp app = BlendApp.start(config(Map.of()))) {
      app.awaitRunning(Duration.ofSeconds(60));
      first = app.config();
      assertEquals("exactly_once_v2", first.processingGuarantee());
      for (int i = 0; i < 5; i++) {
        String id = "r" + i;
        publish(first, id, models, m -> !(id.equals("r4") && m.equals("c")));
      }
      List<BlendedResponse> blended =
          readCommitted(
              first, first.topics().blended(), BlendedResponse.class, 5, Duration.ofSeconds(60));
      assertEquals(5, blended.size(), "one output per request: " + blended);
      assertEquals(5, blended.stream().map(BlendedResponse::getRequestId).distinct().count());
      BlendedResponse partial =
          blended.stream().filter(b -> b.getRequestId().equals("r4")).findFirst().orElseThrow();
      assertFalse(partial.getComplete());
      assertEquals(List.of("c"), partial.getMissingModels());
      BlendedResponse full =
          blended.stream().filter(b -> b.getRequestId().equals("r0")).findFirst().orElseThrow();
      assertTrue(full.getComplete());
      assertEquals(BlendMode.SELECTED, full.getMode());
      assertEquals("c", full.getSelectedModel(), "longest answer wins under the longest baseline");
      assertEquals("longest", full.getRanker().getName());

      List<RankingMatrix> matrices =
          readCommitted(
              first, first.topics().rankings(), RankingMatrix.class, 5, Duration.ofSeconds(30));
      assertEquals(5, matrices.size());
      RankingMatrix m0 =
          matrices.stream().filter(m -> m.getRequestId().equals("r0")).findFirst().orElseThrow();
      assertEquals(9, m0.getLogits().size());
      assertEquals(0.0, m0.getLogits().get(0));
      assertNull(m0.getLogits().get(1), "the length baseline compares no pairs");
    }

    // Same data dir: the broker keeps its log and the registry its ids, so old records still
    // decode.
    try (BlendApp app = BlendApp.start(config(Map.of()))) {
      app.awaitRunning(Duration.ofSeconds(60));
      BlendConfig again = app.config();
      List<BlendedResponse> old =
          readCommitted(
              again.with(Map.of(BlendConfig.SCHEMA_REGISTRY_URL, again.schemaRegistryUrl() + "/")),
              again.topics().blended(),
              BlendedResponse.class,
              5,
              Duration.ofSeconds(30));
      assertEquals(5, old.size());
      publish(again, "r5", models, m -> true);
      List<BlendedResponse> all =
          readCommitted(
              again, again.topics().blended(), BlendedResponse.class, 6, Duration.ofSeconds(60));
      assertEquals(6, all.size(), "the restarted pipeline blends new requests and repeats none");
    }
  }

  /**
   * A set read again after its answer was committed, as when the repair of a hanging transaction on
   * {@code __consumer_offsets} aborts the blending app's offsets but not its answers: here the sets
   * are written to their topic a second time, byte for byte, which the app reads the same way.
   */
  @Test
  void answersASetReadAgainOnlyOnce() throws Exception {
    List<String> models = List.of("a", "b", "c");
    try (BlendApp app = BlendApp.start(config(Map.of()))) {
      app.awaitRunning(Duration.ofSeconds(60));
      BlendConfig live = app.config();
      for (int i = 0; i < 3; i++) {
        publish(live, "r" + i, models, m -> true);
      }
      assertEquals(
          3,
          readCommitted(
                  live, live.topics().blended(), BlendedResponse.class, 3, Duration.ofSeconds(60))
              .size());
      String setsTopic = live.topics().candidateSets();
      List<ConsumerRecord<String, byte[]>> sets =
          readCommittedRecords(
              live, setsTopic, new ByteArrayDeserializer(), 3, Duration.ofSeconds(30));
      assertEquals(3, sets.size());
      try (KafkaProducer<String, byte[]> raw =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, live.bootstrapServers()),
              new StringSerializer(),
              new ByteArraySerializer())) {
        for (ConsumerRecord<String, byte[]> r : sets) {
          raw.send(
                  new ProducerRecord<>(
                      setsTopic, r.partition(), r.timestamp(), r.key(), r.value(), r.headers()))
              .get();
        }
      }
      publish(live, "r3", models, m -> true);
      List<BlendedResponse> all =
          readCommitted(
              live, live.topics().blended(), BlendedResponse.class, 4, Duration.ofSeconds(60));
      assertEquals(
          List.of("r0", "r1", "r2", "r3"),
          all.stream().map(BlendedResponse::getRequestId).sorted().toList(),
          "each request answered once, though its set was read twice");
      assertEquals(
          3.0,
          app.metrics().registry().find("blendstream.sets.repeated").counter().count(),
          "every set read again is counted");
    }
  }

  @Test
  void malformedRecordLandsInDlqAndNextRequestIsStillBlended() throws Exception {
    try (BlendApp app = BlendApp.start(config(Map.of()))) {
      app.awaitRunning(Duration.ofSeconds(60));
      BlendConfig live = app.config();
      byte[] garbage = new byte[64];
      new Random(3).nextBytes(garbage);
      garbage[0] = 42;
      try (KafkaProducer<String, byte[]> raw =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, live.bootstrapServers()),
              new StringSerializer(),
              new ByteArraySerializer())) {
        raw.send(new ProducerRecord<>(live.topics().candidates("a"), "bad", garbage)).get();
      }
      publish(live, "good", List.of("a", "b", "c"), m -> true);

      List<DeadLetter> letters =
          readCommitted(
              live, live.topics().deadLetters(), DeadLetter.class, 1, Duration.ofSeconds(60));
      assertEquals(1, letters.size());
      DeadLetter letter = letters.get(0);
      assertEquals(live.topics().candidates("a"), letter.getSourceTopic());
      assertTrue(letter.getReason().contains("magic byte"), letter.getReason());
      ByteBuffer original = letter.getOriginal();
      byte[] bytes = new byte[original.remaining()];
      original.get(bytes);
      assertArrayEquals(garbage, bytes);

      List<BlendedResponse> blended =
          readCommitted(
              live, live.topics().blended(), BlendedResponse.class, 1, Duration.ofSeconds(60));
      assertEquals(List.of("good"), blended.stream().map(BlendedResponse::getRequestId).toList());
    }
  }

  @Test
  void ranksWithTheFixturePairRankerAndWritesAMatrixConsistentWithTheScores() throws Exception {
    Map<String, Object> extra =
        Map.of(
            BlendConfig.RANKER,
            "pairranker",
            BlendConfig.RANKER_MODEL_DIR,
            "src/test/resources/fixtures/pairranker-tiny");
    try (BlendApp app = BlendApp.start(config(extra))) {
      app.awaitRunning(Duration.ofSeconds(60));
      BlendConfig live = app.config();
      assertMatricesConsistentWithTheScores(blendTwoRequests(live, "p"), live);
    }
  }

  /**
   * The two fixtures of real architectures over the broker: LLM-Blender's PairRM class on
   * DeBERTa-v3 ranks, and transformers' Flan-T5-shaped GenFuser fuses its top two
   * (tools/fixtures/real_arch/).
   */
  @Test
  void ranksWithTheDebertaPairRmAndFusesWithTheFlanT5FixtureOverTheBroker() throws Exception {
    Map<String, Object> extra =
        Map.of(
            BlendConfig.RANKER,
            "pairranker",
            BlendConfig.RANKER_MODEL_DIR,
            "src/test/resources/fixtures/pairrm-deberta-tiny",
            BlendConfig.FUSER_ENABLED,
            true,
            BlendConfig.FUSER_MODEL_DIR,
            "src/test/resources/fixtures/genfuser-t5-tiny",
            BlendConfig.FUSER_TOP_K,
            2);
    try (BlendApp app = BlendApp.start(config(extra))) {
      app.awaitRunning(Duration.ofSeconds(60));
      BlendConfig live = app.config();
      List<BlendedResponse> blended = blendTwoRequests(live, "d");
      assertMatricesConsistentWithTheScores(blended, live);
      for (BlendedResponse b : blended) {
        assertEquals("pairrm-deberta-tiny-fixture-1", b.getRanker().getVersion());
        assertEquals(BlendMode.FUSED, b.getMode(), String.valueOf(b.getFallbackReason()));
        assertEquals("genfuser-t5-tiny-fixture-1", b.getFuser().getVersion());
        assertEquals(
            List.of(b.getRanked().get(0).getModel(), b.getRanked().get(1).getModel()), b.getTopK());
        assertFalse(b.getText().isBlank());
      }
    }
  }

  /**
   * {@code ranker=reward} over the broker with the Qwen2 reward fixture: every request answered
   * once, each candidate's score the reward the same model gives it offline, no pair compared, the
   * answer the highest reward.
   */
  @Test
  void ranksWithTheQwen2RewardModelOverTheBroker() throws Exception {
    Map<String, Object> extra =
        Map.of(
            BlendConfig.RANKER,
            "reward",
            BlendConfig.RANKER_MODEL_DIR,
            "src/test/resources/fixtures/reward-qwen2-tiny",
            BlendConfig.DEVICE,
            "cpu");
    try (BlendApp app = BlendApp.start(config(extra))) {
      app.awaitRunning(Duration.ofSeconds(60));
      BlendConfig live = app.config();
      for (String id : List.of("w0", "w1", "w2")) {
        publish(live, id, List.of("a", "b", "c"), m -> true);
      }
      List<BlendedResponse> blended =
          readCommitted(
              live, live.topics().blended(), BlendedResponse.class, 3, Duration.ofSeconds(60));
      List<RankingMatrix> matrices =
          readCommitted(
              live, live.topics().rankings(), RankingMatrix.class, 3, Duration.ofSeconds(30));
      assertEquals(
          List.of("w0", "w1", "w2"),
          blended.stream().map(BlendedResponse::getRequestId).sorted().toList());
      assertEquals(3, matrices.size());
      Map<String, Double> offline = offlineRewards(config(extra));
      for (BlendedResponse b : blended) {
        assertEquals("reward", b.getRanker().getName());
        assertEquals("reward-qwen2-tiny-fixture-1", b.getRanker().getVersion());
        assertEquals(BlendMode.SELECTED, b.getMode(), String.valueOf(b.getFallbackReason()));
        assertEquals(b.getRanked().get(0).getModel(), b.getSelectedModel());
        b.getRanked()
            .forEach(
                r -> assertEquals(offline.get(r.getModel()), r.getScore(), 1e-5, r.getModel()));
        RankingMatrix m =
            matrices.stream()
                .filter(x -> x.getRequestId().equals(b.getRequestId()))
                .findFirst()
                .orElseThrow();
        int n = m.getModels().size();
        for (int i = 0; i < n * n; i++) {
          assertTrue(
              i % (n + 1) == 0 || m.getLogits().get(i) == null, "a reward model compares no pair");
        }
      }
    }
  }

  // The rewards of what publish() sends, from the same model outside the pipeline.
  private static Map<String, Double> offlineRewards(BlendConfig config) {
    Request request =
        Request.newBuilder()
            .setRequestId("x")
            .setInstruction("Name a colour.")
            .setCreatedAt(0L)
            .build();
    List<Candidate> candidates = new ArrayList<>();
    for (String m : List.of("a", "b", "c")) {
      candidates.add(
          Candidate.newBuilder()
              .setRequestId("x")
              .setModel(m)
              .setText("answer of " + m + " " + "x".repeat(m.charAt(0) - 'a'))
              .setCreatedAt(0L)
              .build());
    }
    CandidateSet set =
        CandidateSet.newBuilder()
            .setRequestId("x")
            .setRequest(request)
            .setCandidates(candidates)
            .setComplete(true)
            .setFirstArrivalAt(0L)
            .setAssembledAt(0L)
            .setReason(AssemblyReason.ALL_ARRIVED)
            .build();
    try (Ranker ranker = RewardRankerFactory.create(config)) {
      Ranking ranking = ranker.rank(set);
      Map<String, Double> out = new HashMap<>();
      for (int i = 0; i < ranking.models().size(); i++) {
        out.put(ranking.models().get(i), ranking.scores()[i]);
      }
      return out;
    }
  }

  /** Two requests answered by all three models, and exactly one blended answer for each. */
  private static List<BlendedResponse> blendTwoRequests(BlendConfig live, String idPrefix) {
    publish(live, idPrefix + "0", List.of("a", "b", "c"), m -> true);
    publish(live, idPrefix + "1", List.of("a", "b", "c"), m -> true);
    List<BlendedResponse> blended =
        readCommitted(
            live, live.topics().blended(), BlendedResponse.class, 2, Duration.ofSeconds(60));
    assertEquals(2, blended.size());
    return blended;
  }

  private static void assertMatricesConsistentWithTheScores(
      List<BlendedResponse> blended, BlendConfig live) {
    List<RankingMatrix> matrices =
        readCommitted(
            live, live.topics().rankings(), RankingMatrix.class, 2, Duration.ofSeconds(30));
    assertEquals(2, matrices.size());
    for (BlendedResponse b : blended) {
      assertEquals("pairranker", b.getRanker().getName());
      assertEquals("maxlogits", b.getRanker().getAggregation());
      RankingMatrix m =
          matrices.stream()
              .filter(x -> x.getRequestId().equals(b.getRequestId()))
              .findFirst()
              .orElseThrow();
      int n = m.getModels().size();
      assertEquals(3, n);
      assertEquals(n * n, m.getLogits().size());
      for (int i = 0; i < n; i++) {
        double expected = 0;
        for (int j = 0; j < n; j++) {
          Double logit = m.getLogits().get(i * n + j);
          if (i == j) {
            assertEquals(0.0, logit);
          } else {
            assertTrue(logit != null, "full mode compares every ordered pair");
            expected += (logit - m.getLogits().get(j * n + i)) / (n - 1);
          }
        }
        String model = m.getModels().get(i);
        double score =
            b.getRanked().stream()
                .filter(r -> r.getModel().equals(model))
                .findFirst()
                .orElseThrow()
                .getScore();
        assertEquals(
            expected,
            score,
            1e-9,
            "blended score of " + model + " is MaxLogits over the written matrix");
        assertEquals(expected, m.getScores().get(i), 1e-9);
      }
      assertEquals(b.getRanked().get(0).getModel(), b.getSelectedModel());
    }
  }

  @Test
  void aNewModelTopicJoinsWithoutARestart() throws Exception {
    try (BlendApp app = BlendApp.start(config(Map.of(BlendConfig.MODELS, "a,b")))) {
      app.awaitRunning(Duration.ofSeconds(60));
      BlendConfig live = app.config();
      try (org.apache.kafka.clients.admin.Admin admin =
          org.apache.kafka.clients.admin.Admin.create(
              Map.of(
                  org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                  live.bootstrapServers()))) {
        new TopicSetup(live, admin).createCandidateTopic("newcomer");
      }
      List<String> models = List.of("a", "b", "newcomer");
      try (RequestPublisher requests = new RequestPublisher(live)) {
        requests.publish("n0", "Name a colour.", null, models, 60_000L);
      }
      for (String m : models) {
        try (CandidatePublisher p = new CandidatePublisher(live, m)) {
          p.publish("n0", "answer of " + m, "Name a colour.", 10L);
        }
      }
      List<BlendedResponse> blended =
          readCommitted(
              live, live.topics().blended(), BlendedResponse.class, 1, Duration.ofSeconds(60));
      assertEquals(1, blended.size());
      assertTrue(
          blended.get(0).getComplete(), "the pattern subscription picked up the new model's topic");
      assertTrue(
          blended.get(0).getRanked().stream().anyMatch(r -> r.getModel().equals("newcomer")));
    }
  }

  @Test
  void fusesTheTopKWithTheFixtureFuserOverTheBroker() throws Exception {
    Map<String, Object> extra =
        Map.of(
            BlendConfig.FUSER_ENABLED,
            true,
            BlendConfig.FUSER_MODEL_DIR,
            "src/test/resources/fixtures/fuser-tiny",
            BlendConfig.FUSER_TOP_K,
            2);
    try (BlendApp app = BlendApp.start(config(extra))) {
      app.awaitRunning(Duration.ofSeconds(60));
      BlendConfig live = app.config();
      publish(live, "f0", List.of("a", "b", "c"), m -> true);
      publish(live, "f1", List.of("a", "b", "c"), m -> !m.equals("a") && !m.equals("b"));
      List<BlendedResponse> blended =
          readCommitted(
              live, live.topics().blended(), BlendedResponse.class, 2, Duration.ofSeconds(60));
      assertEquals(2, blended.size());
      BlendedResponse fused =
          blended.stream().filter(b -> b.getRequestId().equals("f0")).findFirst().orElseThrow();
      assertEquals(BlendMode.FUSED, fused.getMode());
      assertEquals(
          List.of("c", "b"), fused.getTopK(), "the longest baseline's top two, in rank order");
      assertEquals("tiny-t5-fuser-fixture", fused.getFuser().getName());
      assertTrue(fused.getTimings().getFusionMs() != null);
      assertNull(fused.getFallbackReason());
      BlendedResponse single =
          blended.stream().filter(b -> b.getRequestId().equals("f1")).findFirst().orElseThrow();
      assertEquals(BlendMode.PASSTHROUGH, single.getMode());
      assertTrue(
          single.getFallbackReason().startsWith("set too small"), single.getFallbackReason());
    }
  }

  @Test
  void aFailingFuserFallsBackToSelectedWithItsReason() throws Exception {
    Fuser broken =
        new Fuser() {
          @Override
          public List<String> fuse(List<FusionPrompt> prompts, FusionDeadline deadline) {
            throw new IllegalStateException("out of GPU memory (forced)");
          }

          @Override
          public FuserInfo info() {
            return new FuserInfo("broken", "0");
          }
        };
    BlendConfig config = config(Map.of());
    try (BlendApp app =
        BlendApp.start(
            config,
            Rankers.supplier(config),
            SharedSupplier.unshared(() -> new FusionStep(broken, 3, 30_000)))) {
      app.awaitRunning(Duration.ofSeconds(60));
      BlendConfig live = app.config();
      publish(live, "x0", List.of("a", "b", "c"), m -> true);
      BlendedResponse r =
          readCommitted(
                  live, live.topics().blended(), BlendedResponse.class, 1, Duration.ofSeconds(60))
              .get(0);
      assertEquals(BlendMode.SELECTED, r.getMode());
      assertEquals("c", r.getSelectedModel());
      assertTrue(
          r.getFallbackReason().contains("fuser error") && r.getFallbackReason().contains("forced"),
          r.getFallbackReason());
      assertNull(r.getFuser());
    }
  }
}

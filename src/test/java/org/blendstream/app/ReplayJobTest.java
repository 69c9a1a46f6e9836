package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.SharedSupplier;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankingMatrix;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.eval.ReplayComparison;
import org.blendstream.fuse.FusionStep;
import org.blendstream.fuse.FusionSteps;
import org.blendstream.ingest.CandidatePublisher;
import org.blendstream.ingest.RequestPublisher;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Rankers;
import org.blendstream.runtime.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A replay as its own Kafka Streams job over a real broker, beside a live pipeline that keeps
 * running.
 */
@IntegrationTest
class ReplayJobTest {

  @RegisterExtension static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  private static final List<String> POOL = List.of("alpaca-7b", "vicuna-13b", "wizardlm-13b");

  /** Creates the pipeline's topics of the prefix, as `topics --create` would on a cluster. */
  private static BlendConfig cluster(String prefix, String ranker) {
    BlendConfig config = config(prefix, ranker);
    try (org.apache.kafka.clients.admin.Admin admin = KAFKA.admin()) {
      new org.blendstream.runtime.TopicSetup(config, admin).createTopics();
    }
    return config;
  }

  private static BlendConfig config(String prefix, String ranker) {
    return KAFKA.config(
        Map.of(
            BlendConfig.TOPIC_PREFIX,
            prefix,
            BlendConfig.APPLICATION_ID,
            prefix + "-app",
            BlendConfig.RANKER,
            ranker,
            BlendConfig.MODELS,
            String.join(",", POOL),
            BlendConfig.REQUESTS_EXPECTED,
            true,
            BlendConfig.TOPIC_PARTITIONS,
            2));
  }

  /**
   * The first {@code n} sample instructions with the pool's answers, each carrying its judge score.
   */
  private static List<JudgedDataset.Item> publish(BlendConfig config, int n) {
    return publish(config, 0, n);
  }

  /**
   * Sample instructions {@code from} to {@code to} (exclusive), as {@link #publish(BlendConfig,
   * int)}.
   */
  private static List<JudgedDataset.Item> publish(BlendConfig config, int from, int to) {
    List<JudgedDataset.Item> items = JudgedDataset.bundledSample().subList(from, to);
    Map<String, CandidatePublisher> publishers = new HashMap<>();
    try (RequestPublisher requests = new RequestPublisher(config)) {
      for (JudgedDataset.Item item : items) {
        requests.publish(item.id(), item.instruction(), item.reference(), POOL, null);
        requests.flush();
        for (String m : POOL) {
          JudgedDataset.Judged answer = item.byModel().get(m);
          publishers
              .computeIfAbsent(m, x -> new CandidatePublisher(config, x))
              .publish(
                  item.id(),
                  answer.text(),
                  item.instruction(),
                  null,
                  Map.of(ReplayComparison.JUDGE_SCORE, Double.toString(answer.win())));
        }
      }
      publishers.values().forEach(CandidatePublisher::flush);
    } finally {
      publishers.values().forEach(CandidatePublisher::close);
    }
    return items;
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> List<T> awaitRecords(
      BlendConfig config, String topic, Class<T> type, int n) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    List<T> records;
    while ((records = TopicSnapshot.read(config, topic, type)).size() < n) {
      assertTrue(
          System.nanoTime() < until, "fewer than " + n + " records on " + topic + " after 120 s");
      Thread.sleep(200);
    }
    return records;
  }

  /** Partition → end offset: what a reader of the topic would see as its extent. */
  private static Map<Integer, Long> endOffsets(BlendConfig config, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(parts);
      Map<Integer, Long> out = new TreeMap<>();
      consumer.endOffsets(parts).forEach((p, o) -> out.put(p.partition(), o));
      return out;
    }
  }

  private static String longestModel(CandidateSet set) {
    return set.getCandidates().stream()
        .max(
            Comparator.comparingInt(
                (Candidate c) -> c.getText().codePointCount(0, c.getText().length())))
        .orElseThrow()
        .getModel();
  }

  private static ReplayJob.Result replay(
      BlendConfig config, String version, ReplayRange range, boolean replace) {
    try (SharedSupplier<Ranker> rankers = Rankers.supplier(config);
        SharedSupplier<FusionStep> steps = FusionSteps.shared(config)) {
      List<Long> progress = new ArrayList<>();
      ReplayJob.Result r =
          ReplayJob.run(config, version, range, replace, rankers, steps, span -> {}, progress::add);
      assertEquals(
          r.blended(),
          progress.get(progress.size() - 1),
          "the last progress report is the final count");
      return r;
    }
  }

  @Test
  void
      replayWithLongestWritesOneTaggedAnswerPerRecordedSetToItsOwnTopicsAndLeavesTheLiveOutputUnchanged()
          throws Exception {
    int n = 8;
    BlendConfig live = cluster("rp1", "builtin");
    List<JudgedDataset.Item> items;
    try (BlendApp app = BlendApp.start(live)) {
      app.awaitRunning(Duration.ofSeconds(60));
      items = publish(app.config(), n);
      List<BlendedResponse> recorded =
          awaitRecords(live, live.topics().blended(), BlendedResponse.class, n);
      awaitRecords(live, live.topics().rankings(), RankingMatrix.class, n);
      assertTrue(
          recorded.stream().allMatch(r -> r.getRanker().getName().equals("builtin")),
          recorded.toString());
      Map<Integer, Long> blendedBefore = endOffsets(live, live.topics().blended());
      Map<Integer, Long> rankingsBefore = endOffsets(live, live.topics().rankings());

      // The live app keeps running while the replay runs beside it.
      BlendConfig replayConfig = config("rp1", "longest");
      ReplayJob.Result result = replay(replayConfig, "longest v1", ReplayRange.ALL, false);

      assertEquals("longest-v1", result.topics().version());
      assertEquals("rp1.blended.replay.longest-v1", result.topics().blended());
      assertEquals("rp1.rankings.replay.longest-v1", result.topics().rankings());
      assertEquals("rp1-app-replay-longest-v1", result.applicationId());
      assertEquals(n, result.span().records());
      assertEquals(n, result.blended());

      List<CandidateSet> sets =
          TopicSnapshot.read(live, live.topics().candidateSets(), CandidateSet.class);
      assertEquals(n, sets.size());
      List<BlendedResponse> replayed =
          TopicSnapshot.read(live, result.topics().blended(), BlendedResponse.class);
      List<RankingMatrix> matrices =
          TopicSnapshot.read(live, result.topics().rankings(), RankingMatrix.class);
      assertEquals(n, replayed.size(), "one replayed answer per recorded set: " + replayed);
      assertEquals(n, matrices.size());
      Set<String> setIds =
          sets.stream().map(CandidateSet::getRequestId).collect(Collectors.toSet());
      assertEquals(
          setIds, replayed.stream().map(BlendedResponse::getRequestId).collect(Collectors.toSet()));
      assertEquals(
          setIds, matrices.stream().map(RankingMatrix::getRequestId).collect(Collectors.toSet()));
      for (BlendedResponse r : replayed) {
        assertEquals("longest", r.getRanker().getName(), r.toString());
        assertEquals("1", r.getRanker().getVersion(), r.toString());
        assertEquals("longest-v1", r.getReplayVersion(), r.toString());
      }
      for (RankingMatrix m : matrices) {
        assertEquals("longest", m.getRankerName());
        assertEquals("1", m.getRankerVersion());
        assertEquals("longest-v1", m.getReplayVersion());
      }
      Map<String, String> longest =
          sets.stream()
              .collect(Collectors.toMap(CandidateSet::getRequestId, ReplayJobTest::longestModel));
      replayed.forEach(
          r -> assertEquals(longest.get(r.getRequestId()), r.getSelectedModel(), r.getRequestId()));

      // The live topics: the same extent and the same records as before the replay.
      assertEquals(blendedBefore, endOffsets(live, live.topics().blended()));
      assertEquals(rankingsBefore, endOffsets(live, live.topics().rankings()));
      List<BlendedResponse> liveAfter =
          TopicSnapshot.read(live, live.topics().blended(), BlendedResponse.class);
      assertEquals(recorded, liveAfter);
      liveAfter.forEach(r -> assertNull(r.getReplayVersion()));
      assertEquals(
          0,
          TopicSnapshot.read(
                  live, live.topics().deadLetters(), org.blendstream.avro.DeadLetter.class)
              .size());

      // The comparison, against figures counted here from the recorded answers and the sample's
      // judge scores.
      ReplayComparison.Result c = ReplayComparison.compare(sets, recorded, replayed);
      Map<String, String> was =
          recorded.stream()
              .collect(
                  Collectors.toMap(
                      BlendedResponse::getRequestId, BlendedResponse::getSelectedModel));
      Set<String> changedIds =
          longest.keySet().stream()
              .filter(id -> !longest.get(id).equals(was.get(id)))
              .collect(Collectors.toSet());
      assertEquals(n, c.compared());
      assertEquals((double) (n - changedIds.size()) / n, c.agreement(), 1e-12);
      assertEquals(
          changedIds,
          c.changed().stream().map(ReplayComparison.Row::requestId).collect(Collectors.toSet()));
      Map<String, JudgedDataset.Item> byId =
          items.stream().collect(Collectors.toMap(JudgedDataset.Item::id, i -> i));
      double deltaSum = 0;
      for (ReplayComparison.Row row : c.rows()) {
        JudgedDataset.Item item = byId.get(row.requestId());
        assertEquals(was.get(row.requestId()), row.recordedModel());
        assertEquals(longest.get(row.requestId()), row.replayedModel());
        assertEquals(ReplayComparison.JUDGE_METRIC, row.metric());
        double delta =
            item.byModel().get(row.replayedModel()).win()
                - item.byModel().get(row.recordedModel()).win();
        assertEquals(delta, row.metricDelta(), 1e-12, row.requestId());
        deltaSum += delta;
      }
      assertEquals(
          List.of(new ReplayComparison.MetricDelta(ReplayComparison.JUDGE_METRIC, n, deltaSum / n))
              .toString(),
          c.metrics().toString());
    }
  }

  @Test
  void anOffsetOrTimeRangeReplaysOnlyItsSetsAndASecondRunOfTheSameVersionIsRefusedUnlessReplaced()
      throws Exception {
    int n = 6;
    BlendConfig live = cluster("rp2", "longest");
    java.time.Instant between;
    Set<String> later;
    try (BlendApp app = BlendApp.start(live)) {
      app.awaitRunning(Duration.ofSeconds(60));
      publish(app.config(), 0, n / 2);
      awaitRecords(live, live.topics().blended(), BlendedResponse.class, n / 2);
      // Every set of the second half is stamped after this: by its candidates, published later.
      between = java.time.Instant.now();
      Thread.sleep(20);
      later =
          publish(app.config(), n / 2, n).stream()
              .map(JudgedDataset.Item::id)
              .collect(Collectors.toSet());
      awaitRecords(live, live.topics().blended(), BlendedResponse.class, n);
    }
    // The sets stored below offset 2 of each partition, read here with a plain consumer.
    Set<String> expected = new java.util.TreeSet<>();
    try (KafkaConsumer<String, CandidateSet> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                live.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new org.apache.kafka.common.serialization.StringDeserializer(),
            org.blendstream.ingest.AvroSerdeFactory.from(live)
                .serde(CandidateSet.class, live)
                .deserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(live.topics().candidateSets()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, CandidateSet> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < 2) {
            expected.add(r.key());
          }
        }
      }
    }
    assertTrue(
        !expected.isEmpty() && expected.size() < n, "the range must cut the topic: " + expected);

    ReplayRange firstTwo = ReplayRange.parse(null, "2", java.time.Instant.now());
    ReplayJob.Result r = replay(live, "head", firstTwo, false);
    assertEquals(expected.size(), r.blended());
    List<BlendedResponse> replayed =
        TopicSnapshot.read(live, r.topics().blended(), BlendedResponse.class);
    assertEquals(
        expected,
        replayed.stream()
            .map(BlendedResponse::getRequestId)
            .collect(Collectors.toCollection(java.util.TreeSet::new)));
    assertEquals(expected.size(), replayed.size());

    ReplayJob.Result since =
        replay(
            live,
            "since",
            ReplayRange.parse(between.toString(), null, java.time.Instant.now()),
            false);
    assertEquals(
        later,
        TopicSnapshot.read(live, since.topics().blended(), BlendedResponse.class).stream()
            .map(BlendedResponse::getRequestId)
            .collect(Collectors.toSet()),
        "a time range starts at the first set stamped" + " at or after it");
    assertEquals(later.size(), since.blended());

    // With fusion configured, the replay fuses; a fused answer has no judge score, so quality is
    // judged against the
    // request's reference.
    BlendConfig fusing =
        KAFKA.config(
            Map.of(
                BlendConfig.TOPIC_PREFIX,
                "rp2",
                BlendConfig.APPLICATION_ID,
                "rp2-app",
                BlendConfig.RANKER,
                "longest",
                BlendConfig.FUSER_ENABLED,
                true,
                BlendConfig.FUSER_MODEL_DIR,
                "src/test/resources/fixtures/fuser-tiny",
                BlendConfig.FUSER_TOP_K,
                2));
    ReplayJob.Result fused = replay(fusing, "fused", ReplayRange.ALL, false);
    List<BlendedResponse> fusedAnswers =
        TopicSnapshot.read(live, fused.topics().blended(), BlendedResponse.class);
    assertEquals(n, fusedAnswers.size());
    fusedAnswers.forEach(
        a -> {
          assertEquals(org.blendstream.avro.BlendMode.FUSED, a.getMode(), a.toString());
          assertEquals("tiny-t5-fuser-fixture", a.getFuser().getName());
          assertEquals(2, a.getTopK().size());
        });
    List<CandidateSet> sets =
        TopicSnapshot.read(live, live.topics().candidateSets(), CandidateSet.class);
    List<BlendedResponse> recorded =
        TopicSnapshot.read(live, live.topics().blended(), BlendedResponse.class);
    ReplayComparison.Result c = ReplayComparison.compare(sets, recorded, fusedAnswers);
    Map<String, String> reference =
        sets.stream()
            .collect(
                Collectors.toMap(CandidateSet::getRequestId, x -> x.getRequest().getReference()));
    Map<String, String> recordedText =
        recorded.stream()
            .collect(Collectors.toMap(BlendedResponse::getRequestId, BlendedResponse::getText));
    assertEquals(n, c.rows().size());
    for (BlendedResponse a : fusedAnswers) {
      ReplayComparison.Row row =
          c.rows().stream()
              .filter(x -> x.requestId().equals(a.getRequestId()))
              .findFirst()
              .orElseThrow();
      assertEquals(ReplayComparison.REFERENCE_METRIC, row.metric());
      String ref = reference.get(a.getRequestId());
      assertEquals(
          org.blendstream.rank.LexicalConsensus.rouge1(a.getText(), ref)
              - org.blendstream.rank.LexicalConsensus.rouge1(
                  recordedText.get(a.getRequestId()), ref),
          row.metricDelta(),
          1e-12);
    }

    assertThrows(
        ReplayJob.OutputNotEmptyException.class,
        () -> replay(live, "head", ReplayRange.ALL, false));
    ReplayJob.Result again = replay(live, "head", ReplayRange.ALL, true);
    assertEquals(n, again.blended());
    assertEquals(
        n,
        TopicSnapshot.read(live, again.topics().blended(), BlendedResponse.class).size(),
        "the replaced replay holds this run's answers only");
  }
}

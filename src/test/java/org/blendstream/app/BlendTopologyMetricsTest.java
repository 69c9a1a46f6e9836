package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.assemble.AssemblyDriver;
import org.blendstream.avro.AssemblyReason;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.FuserInfo;
import org.blendstream.avro.RankerInfo;
import org.blendstream.avro.Request;
import org.blendstream.fuse.Fuser;
import org.blendstream.fuse.FusionDeadline;
import org.blendstream.fuse.FusionPrompt;
import org.blendstream.fuse.FusionStep;
import org.blendstream.ingest.AvroSerdeFactory;
import org.blendstream.ingest.InMemorySchemaRegistryClient;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Ranking;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pipeline's own meters, counted by the topologies under the topology test driver. */
class BlendTopologyMetricsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final String scope = "metrics-" + UUID.randomUUID();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final BlendMetrics metrics = new BlendMetrics(registry);
  private TopologyTestDriver driver;

  @AfterEach
  void tearDown() {
    if (driver != null) {
      driver.close();
    }
    InMemorySchemaRegistryClient.dropScope(scope);
  }

  private BlendConfig config(Map<String, Object> extra) {
    return new BlendConfig(AssemblyDriver.config(scope, extra));
  }

  /** Scores every ordered pair by length difference; fails on the request "boom". */
  private static final class PairLengthRanker implements Ranker {
    @Override
    public Ranking rank(CandidateSet set) {
      if (set.getRequestId().equals("boom")) {
        throw new IllegalStateException("no ranking today");
      }
      List<Candidate> cs = set.getCandidates();
      int n = cs.size();
      Double[][] m = Ranking.emptyMatrix(n);
      double[] scores = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (i != j) {
            m[i][j] = (double) (cs.get(i).getText().length() - cs.get(j).getText().length());
            scores[i] += m[i][j];
          }
        }
      }
      return Ranking.byScores(
          cs.stream().map(Candidate::getModel).toList(), m, scores, true, "maxlogits");
    }

    @Override
    public RankerInfo info() {
      return RankerInfo.newBuilder().setName("pair-length").setVersion("pair-length-v7").build();
    }
  }

  /** Writes "fused" unless the instruction is "blank", for which it writes nothing. */
  private static final class EchoFuser implements Fuser {
    @Override
    public List<String> fuse(List<FusionPrompt> prompts, FusionDeadline deadline) {
      return prompts.stream().map(p -> p.instruction().equals("blank") ? "" : "fused").toList();
    }

    @Override
    public FuserInfo info() {
      return FuserInfo.newBuilder().setName("echo").setVersion("echo-3").build();
    }
  }

  private static CandidateSet set(
      String id, String instruction, AssemblyReason reason, String... texts) {
    Request request =
        Request.newBuilder().setRequestId(id).setInstruction(instruction).setCreatedAt(0L).build();
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      candidates.add(
          Candidate.newBuilder()
              .setRequestId(id)
              .setModel("m" + i)
              .setText(texts[i])
              .setCreatedAt(0L)
              .build());
    }
    long now = System.currentTimeMillis();
    return CandidateSet.newBuilder()
        .setRequestId(id)
        .setRequest(request)
        .setCandidates(candidates)
        .setComplete(reason == AssemblyReason.ALL_ARRIVED)
        .setFirstArrivalAt(now)
        .setAssembledAt(now)
        .setReason(reason)
        .build();
  }

  private double count(String name, String... tags) {
    var counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private long timerCount(String name, String... tags) {
    var timer = registry.find(name).tags(tags).timer();
    return timer == null ? 0 : timer.count();
  }

  /** Starts the blending topology (pair-length ranker, echo fuser) and returns its input. */
  private TestInputTopic<String, CandidateSet> blending(BlendConfig config) {
    FusionStep step = new FusionStep(new EchoFuser(), 2, 30_000);
    driver =
        new TopologyTestDriver(
            BlendTopology.blending(config, PairLengthRanker::new, () -> step, metrics),
            StreamsSettings.streamsConfig(config, null, metrics),
            T0);
    return driver.createInputTopic(
        config.topics().candidateSets(),
        new StringSerializer(),
        AvroSerdeFactory.from(config).serde(CandidateSet.class, config).serializer());
  }

  @Test
  void countsBlendedAnswersFallbacksRankingAndFusionAndDeadLetters() {
    BlendConfig config = config(Map.of());
    TestInputTopic<String, CandidateSet> sets = blending(config);

    sets.pipeInput(
        "s1", set("s1", "Name a colour.", AssemblyReason.ALL_ARRIVED, "red", "blue", "green"));
    sets.pipeInput("s2", set("s2", "blank", AssemblyReason.ALL_ARRIVED, "red", "blue", "green"));
    sets.pipeInput("s3", set("s3", "Name a colour.", AssemblyReason.DEADLINE, "red"));
    sets.pipeInput(
        "boom", set("boom", "Name a colour.", AssemblyReason.ALL_ARRIVED, "red", "blue"));
    driver
        .createInputTopic(
            config.topics().candidateSets(), new StringSerializer(), new ByteArraySerializer())
        .pipeInput("junk", new byte[] {0, 0, 0, 0, 1, 7});

    assertEquals(1, count("blendstream.blended", "mode", "fused"));
    assertEquals(1, count("blendstream.blended", "mode", "selected"));
    assertEquals(2, count("blendstream.blended", "mode", "passthrough"));
    assertEquals(1, count("blendstream.fallbacks", "reason", "empty_generation"));
    assertEquals(1, count("blendstream.fallbacks", "reason", "set_too_small"));
    assertEquals(1, count("blendstream.fallbacks", "reason", "ranker_error"));
    assertEquals(
        3,
        timerCount("blendstream.ranking", "ranker", "pair-length"),
        "the failed ranking is not timed");
    assertEquals(
        6 + 6,
        count("blendstream.ranking.pairs", "ranker", "pair-length"),
        "3x2 ordered pairs per set of 3");
    assertEquals(2, timerCount("blendstream.fusion"), "only the sets the fuser saw");
    assertEquals(3, timerCount("blendstream.end.to.end", "closed_by", "all_arrived"));
    assertEquals(1, timerCount("blendstream.end.to.end", "closed_by", "deadline"));
    assertEquals(1, count("blendstream.dead.letters", "class", "deserialization"));
    assertNotNull(
        registry
            .find("blendstream.model.info")
            .tags("role", "ranker", "name", "pair-length", "version", "pair-length-v7")
            .gauge());
    assertNotNull(
        registry
            .find("blendstream.model.info")
            .tags("role", "fuser", "name", "echo", "version", "echo-3")
            .gauge());
  }

  /**
   * A set read again within {@code late.retention.ms} is counted, not answered; once the id has
   * expired (by stream time), the same id is a new request.
   */
  @Test
  void answersEachSetOnceWithinTheRetentionAndCountsTheRepeats() {
    BlendConfig config = config(Map.of(BlendConfig.LATE_RETENTION_MS, 60_000L));
    TestInputTopic<String, CandidateSet> sets = blending(config);
    var answers =
        driver.createOutputTopic(
            config.topics().blended(),
            new org.apache.kafka.common.serialization.StringDeserializer(),
            AvroSerdeFactory.from(config)
                .serde(org.blendstream.avro.BlendedResponse.class, config)
                .deserializer());
    CandidateSet s1 = set("s1", "Name a colour.", AssemblyReason.ALL_ARRIVED, "red", "blue");

    sets.pipeInput("s1", s1, T0);
    sets.pipeInput("s1", s1, T0);
    sets.pipeInput("s1", s1, T0.plusSeconds(30));
    assertEquals(
        List.of("s1"),
        answers.readKeyValuesToList().stream().map(kv -> kv.key).toList(),
        "one answer within the retention");
    assertEquals(2, count("blendstream.sets.repeated"));

    // Stream time moves on past the retention; the window store drops the old segments.
    sets.pipeInput(
        "s2",
        set("s2", "Name a colour.", AssemblyReason.ALL_ARRIVED, "a", "bb"),
        T0.plusSeconds(600));
    sets.pipeInput("s1", s1, T0.plusSeconds(600));
    assertEquals(
        List.of("s2", "s1"),
        answers.readKeyValuesToList().stream().map(kv -> kv.key).toList(),
        "an expired id is a new request");
    assertEquals(2, count("blendstream.sets.repeated"));
  }

  @Test
  void countsTheAssemblersDeadLettersAndTheLimitHandlersByReasonClass() {
    try (AssemblyDriver assembly =
        new AssemblyDriver(
            Map.of(
                BlendConfig.MIN_CANDIDATES,
                2,
                BlendConfig.ASSEMBLY_RESTORE_GRACE_MS,
                0L,
                BlendConfig.SET_MAX_CANDIDATES,
                2),
            List.of("blend.candidates.a", "blend.candidates.b", "blend.candidates.c"),
            null,
            metrics)) {
      Candidate.Builder c =
          Candidate.newBuilder().setText("x").setCreatedAt(0L).setInstruction("Name a colour.");
      assembly.candidate(c.setRequestId("lonely").setModel("a").build(), T0);
      for (String m : List.of("a", "b", "c")) {
        assembly.candidate(c.setRequestId("full").setModel(m).build(), T0);
      }
      assembly.driver.advanceWallClockTime(Duration.ofSeconds(2));
    }

    assertEquals(
        1,
        count("blendstream.dead.letters", "class", "assembly"),
        "lonely: 1 candidate, min.candidates=2");
    assertEquals(
        1,
        count("blendstream.dead.letters", "class", "limit"),
        "full: the third model's over the cap of 2");
    assertEquals(0, count("blendstream.dead.letters", "class", "processing"));
  }
}

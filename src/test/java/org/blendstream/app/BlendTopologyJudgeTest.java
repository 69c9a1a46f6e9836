package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.SharedSupplier;
import org.blendstream.avro.AssemblyReason;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.Request;
import org.blendstream.fuse.FusionSteps;
import org.blendstream.ingest.AvroSerdeFactory;
import org.blendstream.ingest.InMemorySchemaRegistryClient;
import org.blendstream.model.chat.FakeChatServer;
import org.blendstream.rank.RankTopology;
import org.blendstream.rank.Rankers;
import org.junit.jupiter.api.Test;

/**
 * The judge's verdict store in the blending topology: only with ranker=llm-judge, changelogged, and
 * read first.
 */
class BlendTopologyJudgeTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final String scope = "judge-" + UUID.randomUUID();

  private BlendConfig config(String ranker, String baseUrl) {
    Map<String, Object> props = new HashMap<>();
    props.put(BlendConfig.BOOTSTRAP_SERVERS, "unused:9092");
    props.put(BlendConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    props.put(BlendConfig.RANKER, ranker);
    props.put("judge.base.url", baseUrl);
    props.put("judge.model", "judge-8b");
    props.put("judge.strategy", "full");
    props.put("judge.cache.retention.ms", 3_600_000L);
    return new BlendConfig(props);
  }

  private static CandidateSet set(String id, String... texts) {
    Request request =
        Request.newBuilder()
            .setRequestId(id)
            .setInstruction("Name a colour.")
            .setCreatedAt(0L)
            .build();
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
    return CandidateSet.newBuilder()
        .setRequestId(id)
        .setRequest(request)
        .setCandidates(candidates)
        .setComplete(true)
        .setFirstArrivalAt(0L)
        .setAssembledAt(0L)
        .setReason(AssemblyReason.ALL_ARRIVED)
        .build();
  }

  @Test
  void theJudgeReadsItsChangeloggedVerdictStoreBeforeCallingAgain() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    BlendMetrics metrics = new BlendMetrics(registry);
    try (FakeChatServer server =
        FakeChatServer.start(
            c -> {
              boolean a = c.answer('A').length() > c.answer('B').length();
              return FakeChatServer.Reply.ok(
                  FakeChatServer.verdictWithLogprobs(a ? "A" : "B", a ? 0.7 : 0.3));
            })) {
      BlendConfig config = config("llm-judge", server.baseUrl());
      try (SharedSupplier<org.blendstream.rank.Ranker> rankers = Rankers.supplier(config);
          TopologyTestDriver driver =
              new TopologyTestDriver(
                  BlendTopology.blending(config, rankers, FusionSteps.shared(config), metrics),
                  StreamsSettings.streamsConfig(config, null, metrics),
                  T0)) {
        AvroSerdeFactory serdes = AvroSerdeFactory.from(config);
        TestInputTopic<String, CandidateSet> sets =
            driver.createInputTopic(
                config.topics().candidateSets(),
                new StringSerializer(),
                serdes.serde(CandidateSet.class, config).serializer());
        sets.pipeInput("s1", set("s1", "red", "sky blue", "green"));
        assertEquals(6, server.calls().size(), "every ordered pair of 3");
        sets.pipeInput("s2", set("s2", "red", "sky blue", "green"));
        assertEquals(
            6,
            server.calls().size(),
            "the same question and answers: every verdict from the store");

        assertEquals(
            6, count(driver.getKeyValueStore(RankTopology.VERDICT_STORE).approximateNumEntries()));
        assertTrue(
            driver.producedTopicNames().stream()
                .anyMatch(t -> t.endsWith(RankTopology.VERDICT_STORE + "-changelog")),
            "changelogged: " + driver.producedTopicNames());
        assertEquals(
            6,
            registry.find("blendstream.judge.verdicts").tags("source", "cache").counter().count());
        assertEquals(
            6,
            registry.find("blendstream.judge.verdicts").tags("source", "call").counter().count());
        List<BlendedResponse> out =
            driver
                .createOutputTopic(
                    config.topics().blended(),
                    new StringDeserializer(),
                    serdes.serde(BlendedResponse.class, config).deserializer())
                .readValuesToList();
        assertEquals(
            List.of("m1", "m1"), out.stream().map(r -> r.getSelectedModel().toString()).toList());
        assertEquals("llm-judge", out.get(1).getRanker().getName());

        // Past the retention (one hour here), the purge forgets the verdicts and the next set pays
        // again.
        driver.advanceWallClockTime(java.time.Duration.ofMinutes(70));
        assertEquals(
            0, driver.getKeyValueStore(RankTopology.VERDICT_STORE).approximateNumEntries());
        sets.pipeInput("s3", set("s3", "red", "sky blue", "green"));
        assertEquals(12, server.calls().size());
      }
    } finally {
      InMemorySchemaRegistryClient.dropScope(scope);
    }
  }

  @Test
  void otherRankersCarryNoVerdictStore() {
    BlendConfig config = config("longest", "");
    try (SharedSupplier<org.blendstream.rank.Ranker> rankers = Rankers.supplier(config);
        TopologyTestDriver driver =
            new TopologyTestDriver(
                BlendTopology.blending(
                    config, rankers, FusionSteps.shared(config), BlendMetrics.none()),
                StreamsSettings.streamsConfig(config, null),
                T0)) {
      assertFalse(driver.getAllStateStores().containsKey(RankTopology.VERDICT_STORE));
    } finally {
      InMemorySchemaRegistryClient.dropScope(scope);
    }
  }

  private static long count(long n) {
    return n;
  }
}

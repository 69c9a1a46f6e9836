package org.blendstream.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.SharedSupplier;
import org.blendstream.app.StreamsSettings;
import org.blendstream.avro.AssemblyReason;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.Feedback;
import org.blendstream.avro.FeedbackSource;
import org.blendstream.avro.ModelPriors;
import org.blendstream.avro.ModelScores;
import org.blendstream.avro.Request;
import org.blendstream.ingest.AvroSerdeFactory;
import org.blendstream.ingest.InMemorySchemaRegistryClient;
import org.blendstream.model.chat.FakeChatServer;
import org.blendstream.rank.LlmJudgeRanker;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Rankers;
import org.junit.jupiter.api.Test;

/**
 * Judge sampling in the priors app: the sampled share of sets goes to the judge, whose verdicts
 * become feedback.
 */
class JudgeSamplerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static CandidateSet set(String id) {
    Request request =
        Request.newBuilder()
            .setRequestId(id)
            .setInstruction("Name a colour.")
            .setCreatedAt(0L)
            .build();
    List<Candidate> candidates = new ArrayList<>();
    // "long" writes the longest answer, and the fake judge prefers the longer answer; each set's
    // own texts, so that
    // the judge's verdict cache does not answer for the next set.
    Map<String, String> texts =
        Map.of("short", "red", "long", "a deep sky blue", "middle", "green");
    for (String model : List.of("short", "long", "middle")) {
      candidates.add(
          Candidate.newBuilder()
              .setRequestId(id)
              .setModel(model)
              .setText(texts.get(model) + " " + id)
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
  void theSampledShareOfSetsComesBackAsJudgeFeedbackAndTeachesThePrior() {
    String scope = "sampler-" + UUID.randomUUID();
    try (FakeChatServer server =
        FakeChatServer.start(
            c -> {
              boolean a = c.answer('A').length() > c.answer('B').length();
              return FakeChatServer.Reply.ok(
                  FakeChatServer.verdictWithLogprobs(a ? "A" : "B", a ? 0.9 : 0.1));
            })) {
      Map<String, Object> props = new HashMap<>();
      props.put(BlendConfig.BOOTSTRAP_SERVERS, "unused:9092");
      props.put(BlendConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
      props.put(BlendConfig.FEEDBACK_ENABLED, true);
      props.put(BlendConfig.FEEDBACK_JUDGE_RATE, 0.3);
      props.put("judge.base.url", server.baseUrl());
      props.put("judge.model", "judge-8b");
      props.put("judge.strategy", "full");
      BlendConfig config = new BlendConfig(props);
      AvroSerdeFactory serdes = AvroSerdeFactory.from(config);
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      BlendMetrics metrics = new BlendMetrics(registry);
      try (SharedSupplier<Ranker> judges =
              Rankers.supplier(config.with(Map.of(BlendConfig.RANKER, LlmJudgeRanker.NAME)));
          TopologyTestDriver driver =
              new TopologyTestDriver(
                  PriorsTopology.build(config, metrics, judges),
                  StreamsSettings.streamsConfig(config, PriorsTopology.APP),
                  T0)) {
        TestInputTopic<String, CandidateSet> sets =
            driver.createInputTopic(
                config.topics().candidateSets(),
                new StringSerializer(),
                serdes.serde(CandidateSet.class, config).serializer());
        List<String> ids = IntStream.range(0, 40).mapToObj(i -> "req-" + i).toList();
        ids.forEach(id -> sets.pipeInput(id, set(id)));

        List<String> expected = ids.stream().filter(id -> JudgeSampler.sampled(id, 0.3)).toList();
        assertTrue(
            expected.size() >= 5 && expected.size() <= 20, "about 30% of 40: " + expected.size());
        assertEquals(
            expected.size() * 6,
            server.calls().size(),
            "every ordered pair of 3, for the sampled sets only");
        List<Feedback> feedback =
            driver
                .createOutputTopic(
                    config.topics().feedback(),
                    new StringDeserializer(),
                    serdes.serde(Feedback.class, config).deserializer())
                .readValuesToList();
        assertEquals(expected, feedback.stream().map(Feedback::getRequestId).toList());
        Feedback first = feedback.get(0);
        assertEquals(FeedbackSource.JUDGE, first.getSource());
        assertEquals(JudgeSampler.ID_PREFIX + first.getRequestId(), first.getFeedbackId());
        Map<String, Double> scores = ((ModelScores) first.getOutcome()).getScores();
        assertTrue(
            scores.get("long") > scores.get("middle") && scores.get("middle") > scores.get("short"),
            scores.toString());

        // The app reads its own output back from the feedback topic (the driver does too): the
        // prior learns the
        // judge's order.
        List<ModelPriors> priors =
            driver
                .createOutputTopic(
                    config.topics().modelPriors(),
                    new StringDeserializer(),
                    serdes.serde(ModelPriors.class, config).deserializer())
                .readValuesToList();
        ModelPriors last = priors.get(priors.size() - 1);
        assertEquals(expected.size(), last.getVersion());
        assertTrue(
            last.getModels().get("long").getStrength()
                > last.getModels().get("short").getStrength());

        // The meters say the same; the same feedback again is a duplicate, not a second record.
        assertEquals(
            last.getModels().get("long").getStrength(),
            registry.find("blendstream.prior.strength").tag("model", "long").gauge().value(),
            0.0);
        assertEquals(
            expected.size(),
            registry.find("blendstream.prior.feedback").tag("model", "long").gauge().value());
        assertEquals(
            expected.size(),
            registry.find("blendstream.feedback.applied").tag("source", "judge").counter().count());
        TestInputTopic<String, Feedback> in =
            driver.createInputTopic(
                config.topics().feedback(),
                new StringSerializer(),
                serdes.serde(Feedback.class, config).serializer());
        in.pipeInput(first.getRequestId(), first);
        assertEquals(1.0, registry.find("blendstream.feedback.duplicates").counter().count());
      }
    } finally {
      InMemorySchemaRegistryClient.dropScope(scope);
    }
  }
}

package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.avro.AnswerVerdict;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.DeadLetter;
import org.blendstream.avro.Feedback;
import org.blendstream.avro.FeedbackSource;
import org.blendstream.avro.ModelPriors;
import org.blendstream.avro.ModelScores;
import org.blendstream.avro.PairVerdict;
import org.blendstream.ingest.AvroSerdeFactory;
import org.blendstream.ingest.CandidatePublisher;
import org.blendstream.ingest.RequestPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad feedback over a real broker: each kind lands in the DLQ with its reason and the bytes as they
 * were sent, and none of it changes a strength; a valid record after them is the only one applied.
 */
@IntegrationTest
class FeedbackValidationTest {

  @TempDir Path dataDir;

  private static Feedback.Builder feedback(String id, String request) {
    return Feedback.newBuilder()
        .setFeedbackId(id)
        .setRequestId(request)
        .setSource(FeedbackSource.HUMAN)
        .setWeight(1.0)
        .setTimestamp(System.currentTimeMillis());
  }

  private static PairVerdict verdict(String winner, String loser) {
    return PairVerdict.newBuilder().setWinner(winner).setLoser(loser).build();
  }

  @Test
  void badFeedbackGoesToTheDlqWithItsBytesAndNeverChangesAStrength() throws Exception {
    Map<String, Object> props =
        new HashMap<>(
            Map.of(
                BlendConfig.DATA_DIR,
                dataDir.toString(),
                BlendConfig.MODELS,
                "a,b",
                BlendConfig.DEADLINE_MS,
                1500L,
                BlendConfig.RANKER,
                "longest",
                BlendConfig.FEEDBACK_ENABLED,
                true,
                BlendConfig.TOPIC_PARTITIONS,
                2,
                BlendConfig.EMBEDDED_KAFKA_PORT,
                0,
                BlendConfig.EMBEDDED_REGISTRY_PORT,
                0));
    try (BlendApp app = BlendApp.start(new BlendConfig(props))) {
      app.awaitRunning(Duration.ofSeconds(90));
      BlendConfig config = app.config();
      try (RequestPublisher requests = new RequestPublisher(config)) {
        requests.publish("r", "Name a colour.", null, List.of("a", "b"), null);
      }
      for (String m : List.of("a", "b")) {
        try (CandidatePublisher p = new CandidatePublisher(config, m)) {
          p.publish("r", "answer of " + m, "Name a colour.", 10L);
        }
      }
      readCommitted(config, config.topics().blended(), BlendedResponse.class, 1);

      Map<String, Feedback> bad = new LinkedHashMap<>();
      bad.put("unknown request", feedback("f1", "nobody").setOutcome(verdict("a", "b")).build());
      bad.put(
          "'z', which is not in the candidate set",
          feedback("f2", "r").setOutcome(verdict("a", "z")).build());
      bad.put(
          "must lie in [0, 1]",
          feedback("f3", "r").setOutcome(new ModelScores(Map.of("a", 1.5, "b", 0.0))).build());
      bad.put(
          "'unknown-model', which is not in the candidate set",
          feedback("f4", "r")
              .setOutcome(new ModelScores(Map.of("a", 1.0, "unknown-model", 0.0)))
              .build());
      bad.put(
          "'c', which is not in the candidate set",
          feedback("f5", "r").setOutcome(new AnswerVerdict("c", true)).build());
      bad.put(
          "must be a positive number",
          feedback("f6", "r").setWeight(0).setOutcome(verdict("a", "b")).build());
      bad.put("with itself", feedback("f7", "r").setOutcome(verdict("a", "a")).build());
      List<byte[]> sent = new ArrayList<>();
      var serializer = AvroSerdeFactory.from(config).serde(Feedback.class, config).serializer();
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
              new StringSerializer(),
              new ByteArraySerializer())) {
        for (Feedback f : bad.values()) {
          byte[] bytes = serializer.serialize(config.topics().feedback(), f);
          sent.add(bytes);
          producer
              .send(new ProducerRecord<>(config.topics().feedback(), f.getRequestId(), bytes))
              .get();
        }
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        sent.add(garbage);
        producer.send(new ProducerRecord<>(config.topics().feedback(), "r", garbage)).get();
        byte[] valid =
            serializer.serialize(
                config.topics().feedback(),
                feedback("ok", "r").setOutcome(verdict("b", "a")).build());
        producer.send(new ProducerRecord<>(config.topics().feedback(), "r", valid)).get();
      }

      List<ModelPriors> priors =
          readCommitted(config, config.topics().modelPriors(), ModelPriors.class, 1);
      assertEquals(1, priors.size(), "only the valid record changed the strengths");
      assertEquals(1L, priors.get(0).getVersion());
      assertEquals(1L, priors.get(0).getModels().get("a").getFeedback());
      assertEquals(1L, priors.get(0).getModels().get("b").getFeedback());
      assertEquals(2, priors.get(0).getModels().size(), "no model of a bad record was learned");
      assertTrue(priors.get(0).getModels().get("b").getStrength() > 0);

      List<DeadLetter> letters =
          readCommitted(config, config.topics().deadLetters(), DeadLetter.class, sent.size())
              .stream()
              .filter(l -> l.getSourceTopic().equals(config.topics().feedback()))
              .toList();
      assertEquals(sent.size(), letters.size(), "every bad record, once: " + letters);
      for (byte[] original : sent) {
        assertTrue(
            letters.stream()
                .anyMatch(
                    l ->
                        java.util.Arrays.equals(
                            original, BadInputMatrixTest.bytes(l.getOriginal()))),
            "a letter carries the bytes as sent");
      }
      for (String reason : bad.keySet()) {
        assertTrue(
            letters.stream()
                .anyMatch(
                    l -> l.getReason().contains(reason) && l.getErrorClass().equals("validation")),
            reason + " in " + letters.stream().map(DeadLetter::getReason).toList());
      }
    }
  }

  private static <T extends SpecificRecord> List<T> readCommitted(
      BlendConfig config, String topic, Class<T> type, int atLeast) {
    return BlendPipelineEndToEndTest.readCommitted(
        config, topic, type, atLeast, Duration.ofSeconds(60));
  }
}

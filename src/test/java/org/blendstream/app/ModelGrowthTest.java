package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.DeadLetter;
import org.blendstream.ingest.CandidatePublisher;
import org.blendstream.ingest.RequestPublisher;
import org.blendstream.runtime.TopicSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose topic is created while the app runs: what it wrote before the app noticed the topic
 * still joins.
 */
@IntegrationTest
class ModelGrowthTest {

  private static final int REQUESTS = 30;

  @TempDir Path dataDir;

  @Test
  void candidatesWrittenToANewTopicBeforeTheAppReadsItJoinTheirSets() throws Exception {
    BlendConfig config =
        new BlendConfig(
            Map.of(
                BlendConfig.DATA_DIR,
                dataDir.toString(),
                BlendConfig.MODELS,
                "a,b",
                BlendConfig.DEADLINE_MS,
                1500L,
                BlendConfig.RANKER,
                "longest",
                BlendConfig.TOPIC_PARTITIONS,
                2,
                BlendConfig.EMBEDDED_KAFKA_PORT,
                0,
                BlendConfig.EMBEDDED_REGISTRY_PORT,
                0,
                BlendConfig.CANDIDATES_DISCOVERY_MS,
                4000L));
    try (BlendApp app = BlendApp.start(config)) {
      app.awaitRunning(Duration.ofSeconds(60));
      BlendConfig live = app.config();
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, live.bootstrapServers()))) {
        new TopicSetup(live, admin).createCandidateTopic("newcomer");
      }
      // All of it at once, right after the topic exists: the app subscribes to it only after the
      // sets are due.
      List<String> models = List.of("a", "b", "newcomer");
      try (RequestPublisher requests = new RequestPublisher(live)) {
        for (int i = 0; i < REQUESTS; i++) {
          requests.publish("g" + i, "Name a colour.", null, models, null);
        }
        requests.flush();
      }
      for (String m : models) {
        try (CandidatePublisher p = new CandidatePublisher(live, m)) {
          for (int i = 0; i < REQUESTS; i++) {
            p.publish("g" + i, "answer of " + m, "Name a colour.", 10L);
          }
          p.flush();
        }
      }
      List<BlendedResponse> blended =
          BlendPipelineEndToEndTest.readCommitted(
              live,
              live.topics().blended(),
              BlendedResponse.class,
              REQUESTS,
              Duration.ofSeconds(90));
      assertEquals(REQUESTS, blended.size(), "one answer per request");
      assertEquals(
          REQUESTS, blended.stream().map(BlendedResponse::getRequestId).distinct().count());
      assertTrue(
          blended.stream().allMatch(BlendedResponse::getComplete),
          "the new model's answers joined: "
              + blended.stream()
                  .filter(b -> !b.getComplete())
                  .map(b -> b.getRequestId() + " missing " + b.getMissingModels())
                  .toList());
      assertEquals(
          List.of(), TopicSnapshot.read(live, live.topics().deadLetters(), DeadLetter.class));
      assertEquals(List.of(), TopicSnapshot.read(live, live.topics().late(), Candidate.class));
      assertEquals(0, app.threadsReplaced(), "no stream thread died");
    }
  }
}

package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.app.TopicSnapshot;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.Request;
import org.blendstream.runtime.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@IntegrationTest
class ProduceCommandTest {

  @RegisterExtension static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  @TempDir Path dir;

  @Test
  void publishesRequestsAndEachPoolModelsAnswersOnItsOwnTopic() throws Exception {
    Path data = dir.resolve("tiny.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(data))) {
      out.write(
          ("""
          {"id":"t1","instruction":"Say hi","reference":"Hi!","candidates":[{"model":"m1","text":"hi","win":0.2},{"model":"m2","text":"hello","win":0.4},{"model":"m3","text":"yo","win":0.1}]}
          {"id":"t2","instruction":"Say bye","reference":"Bye!","candidates":[{"model":"m1","text":"bye","win":0.3},{"model":"m2","text":"farewell","win":0.5}]}
          """)
              .getBytes(StandardCharsets.UTF_8));
    }
    BlendConfig config = KAFKA.config(Map.of(BlendConfig.TOPIC_PREFIX, "prod"));
    try (org.apache.kafka.clients.admin.Admin admin = KAFKA.admin()) {
      new org.blendstream.runtime.TopicSetup(config, admin).createTopics();
    }
    int code =
        new CommandLine(new ProduceCommand())
            .execute(
                "--data",
                data.toString(),
                "--pool",
                "m1,m2",
                "--bootstrap-servers",
                config.bootstrapServers(),
                "--schema-registry",
                config.schemaRegistryUrl(),
                "-D",
                "topic.prefix=prod");
    assertEquals(0, code);

    List<Request> requests = TopicSnapshot.read(config, "prod.requests", Request.class);
    assertEquals(List.of("t1", "t2"), requests.stream().map(Request::getRequestId).toList());
    assertEquals(
        List.of("m1", "m2"), requests.get(0).getExpectedModels(), "only the pool is expected");
    List<Candidate> m2 = TopicSnapshot.read(config, "prod.candidates.m2", Candidate.class);
    assertEquals(List.of("hello", "farewell"), m2.stream().map(Candidate::getText).toList());
    assertEquals("Say hi", m2.get(0).getInstruction());
    try (org.apache.kafka.clients.admin.Admin admin = KAFKA.admin()) {
      assertEquals(
          List.of("prod.candidates.m1", "prod.candidates.m2"),
          admin.listTopics().names().get().stream()
              .filter(t -> t.startsWith("prod.candidates."))
              .sorted()
              .toList(),
          "no topic for m3, outside the pool");
    }
  }
}

package org.blendstream.runtime.registry;

import static org.blendstream.runtime.registry.RegistryHttp.schemaBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.blendstream.IntegrationTest;
import org.blendstream.runtime.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A record in {@code _schemas} that no registry wrote (not JSON, or JSON of no known shape) is
 * skipped and logged on replay, as Confluent's store reader does, and every other schema is served
 * as before. Before, startup stopped with "unreadable record at offset N" and took every schema id
 * with it.
 */
@IntegrationTest
class EmbeddedSchemaRegistryUnreadableRecordTest {

  @RegisterExtension static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  private static final RegistryHttp API = new RegistryHttp(KAFKA::schemaRegistryUrl);

  @Test
  void anUnreadableRecordIsSkippedAndTheRestReplayed() {
    RegistryHttp.Answer before =
        API.post("/subjects/kept-value/versions", schemaBody("\"string\""));
    assertEquals(200, before.status(), before.body()::toString);
    int id = before.body().path("id").asInt();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer
          .send(new ProducerRecord<>(SchemaLog.TOPIC, 0, "not json at all", "{\"schema\":"))
          .get();
      producer
          .send(
              new ProducerRecord<>(
                  SchemaLog.TOPIC,
                  0,
                  "{\"keytype\":\"SCHEMA\",\"subject\":\"broken-value\",\"version\":1,\"magic\":1}",
                  "[1, 2, 3]"))
          .get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    API.post("/subjects/after-value/versions", schemaBody("\"int\""));
    KAFKA.restart();
    assertEquals("\"string\"", API.get("/schemas/ids/" + id).body().path("schema").asText());
    assertEquals(
        200,
        API.get("/subjects/after-value/versions/1").status(),
        "a schema written after them replays too");
    assertEquals(404, API.get("/subjects/broken-value/versions/1").status());
  }
}

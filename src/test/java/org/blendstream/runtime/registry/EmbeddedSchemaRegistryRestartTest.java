package org.blendstream.runtime.registry;

import static org.blendstream.runtime.registry.RegistryHttp.JSON;
import static org.blendstream.runtime.registry.RegistryHttp.schemaBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.blendstream.IntegrationTest;
import org.blendstream.runtime.KafkaTestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Configs, soft and permanent deletes, references and ids are written once, then the broker and
 * registry restart on the same data dir: the registry that replays {@code _schemas} must answer
 * every read as before. The test that writes more runs after the one that compares reads.
 */
@IntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedSchemaRegistryRestartTest {

  @RegisterExtension static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  private static final RegistryHttp API = new RegistryHttp(KAFKA::schemaRegistryUrl);
  private static final List<String> READS =
      new ArrayList<>(
          List.of(
              "/config",
              "/config/kept-value",
              "/config/forgotten-value",
              "/subjects",
              "/subjects?deleted=true",
              "/subjects/kept-value/versions",
              "/subjects/kept-value/versions?deleted=true",
              "/subjects/kept-value/versions/1?deleted=true",
              "/subjects/kept-value/versions/2",
              "/subjects/soft-value/versions",
              "/subjects/soft-value/versions?deleted=true",
              "/subjects/order-value/versions/1",
              "/subjects/Base/versions/1/referencedby",
              "/schemas/ids/900",
              "/subjects/legacy-value/versions/1"));
  private static final Map<String, JsonNode> BEFORE = new LinkedHashMap<>();
  private static int maxIdBefore;
  private static int forgottenId;
  private static int keptFirstId;

  private static String record(String name, String fields) {
    return "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[" + fields + "]}";
  }

  /** Registers, and adds the reads of the new id to those compared across the restart. */
  private static int register(String subject, JsonNode body) {
    RegistryHttp.Answer answer = API.post("/subjects/" + subject + "/versions", body);
    assertEquals(200, answer.status(), answer.body()::toString);
    int id = answer.body().path("id").asInt();
    READS.addAll(List.of("/schemas/ids/" + id, "/schemas/ids/" + id + "/versions?deleted=true"));
    return id;
  }

  @BeforeAll
  static void writeThenRestart() {
    writeAsTheEarlierRegistryDid();
    KAFKA.restart();
    API.put("/config", JSON.createObjectNode().put("compatibility", "FORWARD_TRANSITIVE"));
    API.put("/config/kept-value", JSON.createObjectNode().put("compatibility", "NONE"));
    keptFirstId =
        register("kept-value", schemaBody(record("Kept", "{\"name\":\"a\",\"type\":\"int\"}")));
    register("kept-value", schemaBody(record("Kept", "{\"name\":\"b\",\"type\":\"string\"}")));
    assertEquals(200, API.delete("/subjects/kept-value/versions/1").status());
    register("soft-value", schemaBody(record("Soft", "{\"name\":\"s\",\"type\":\"int\"}")));
    assertEquals(200, API.delete("/subjects/soft-value").status());
    API.put("/config/forgotten-value", JSON.createObjectNode().put("compatibility", "FULL"));
    forgottenId =
        register(
            "forgotten-value",
            schemaBody(record("Forgotten", "{\"name\":\"f\",\"type\":\"int\"}")));
    assertEquals(200, API.delete("/subjects/forgotten-value").status());
    assertEquals(200, API.delete("/subjects/forgotten-value?permanent=true").status());
    register(
        "Base",
        schemaBody(
            "{\"type\":\"enum\",\"name\":\"Base\",\"namespace\":\"io.x\",\"symbols\":[\"A\",\"B\"]}"));
    ObjectNode order = schemaBody(record("Order", "{\"name\":\"base\",\"type\":\"io.x.Base\"}"));
    order
        .putArray("references")
        .addObject()
        .put("name", "io.x.Base")
        .put("subject", "Base")
        .put("version", 1);
    maxIdBefore = register("order-value", order);
    READS.forEach(path -> BEFORE.put(path, API.get(path).body()));
    KAFKA.restart();
  }

  /**
   * A record in the format the registry wrote before configs, deletes and references existed; a
   * restart reads it in.
   */
  private static void writeAsTheEarlierRegistryDid() {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(
          new ProducerRecord<>(
              SchemaLog.TOPIC,
              0,
              "{\"keytype\":\"SCHEMA\",\"subject\":\"legacy-value\",\"version\":1,\"magic\":1}",
              "{\"subject\":\"legacy-value\",\"version\":1,\"id\":900,\"schema\":\"\\\"string\\\"\",\"deleted\":false}"));
    }
  }

  @Test
  @Order(1)
  void everyReadAnswersAfterTheRestartAsBefore() {
    for (String path : READS) {
      assertEquals(BEFORE.get(path), API.get(path).body(), path);
    }
    // The reads are not trivially equal: they cover each kind of state that must survive.
    assertEquals("FORWARD_TRANSITIVE", BEFORE.get("/config").path("compatibilityLevel").asText());
    assertEquals("[2]", BEFORE.get("/subjects/kept-value/versions").toString());
    assertEquals(40401, BEFORE.get("/subjects/soft-value/versions").path("error_code").asInt());
    assertEquals(40408, BEFORE.get("/config/forgotten-value").path("error_code").asInt());
    assertEquals(
        "[" + maxIdBefore + "]", BEFORE.get("/subjects/Base/versions/1/referencedby").toString());
    assertEquals("\"string\"", BEFORE.get("/schemas/ids/900").path("schema").asText());
    assertEquals(40403, BEFORE.get("/schemas/ids/" + forgottenId).path("error_code").asInt());
    assertEquals(
        keptFirstId, BEFORE.get("/subjects/kept-value/versions/1?deleted=true").path("id").asInt());
  }

  @Test
  void configsReferencesAndIdsAreEnforcedAfterTheRestart() {
    assertEquals(42206, API.delete("/subjects/Base/versions/1").body().path("error_code").asInt());
    // kept-value is NONE, so any schema goes; its id continues above every id the log ever held.
    int next = register("kept-value", schemaBody("{\"type\":\"array\",\"items\":\"long\"}"));
    assertTrue(next > 900, "id " + next + " after the legacy id 900");
    // The global FORWARD_TRANSITIVE applies elsewhere: v2 drops a field v1 readers need.
    register("fresh-value", schemaBody(record("Fresh", "{\"name\":\"x\",\"type\":\"int\"}")));
    assertEquals(
        409, API.postSchema("/subjects/fresh-value/versions", record("Fresh", "")).status());
  }

  @Test
  void registryBoundToEveryAddressIsReachedOnLoopbackAndReplaysTheSameState() throws Exception {
    try (EmbeddedSchemaRegistry all =
        new EmbeddedSchemaRegistry(KAFKA.bootstrapServers(), "0.0.0.0", 0).start()) {
      assertTrue(all.url().startsWith("http://127.0.0.1:"), all.url());
      RegistryHttp other = new RegistryHttp(all::url);
      assertEquals(
          API.get("/subjects?deleted=true").body(), other.get("/subjects?deleted=true").body());
      Optional<InetAddress> external = externalAddress();
      if (external.isPresent()) {
        // Reached from outside loopback, which the default registry (bound to 127.0.0.1) is not.
        assertTrue(accepts(external.get(), all.port()), external.get() + " refused " + all.port());
        assertFalse(accepts(external.get(), URI.create(KAFKA.schemaRegistryUrl()).getPort()));
      }
    }
  }

  private static Optional<InetAddress> externalAddress() throws Exception {
    return NetworkInterface.networkInterfaces()
        .filter(
            i -> {
              try {
                return i.isUp() && !i.isLoopback();
              } catch (java.net.SocketException e) {
                return false;
              }
            })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address)
        .findFirst();
  }

  private static boolean accepts(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}

package org.blendstream.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.avro.Schema;
import org.blendstream.IntegrationTest;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.Request;
import org.blendstream.avro.Turn;
import org.blendstream.ingest.RestSchemaRegistryClient;
import org.blendstream.ingest.SchemaRegistryClient;
import org.blendstream.runtime.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@IntegrationTest
class EmbeddedSchemaRegistryTest {

  @RegisterExtension static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Schema record(String name) {
    return new Schema.Parser()
        .parse(
            "{\"type\":\"record\",\"name\":\""
                + name
                + "\",\"fields\":[{\"name\":\"n\",\"type\":\"long\"}]}");
  }

  @Test
  void restClientRoundTripsSchemaById() {
    int id =
        new RestSchemaRegistryClient(KAFKA.schemaRegistryUrl())
            .register("round-trip-value", Candidate.getClassSchema());
    Schema fetched = new RestSchemaRegistryClient(KAFKA.schemaRegistryUrl()).getById(id);
    assertEquals(Candidate.getClassSchema(), fetched);
  }

  @Test
  void registeringTheSameSchemaUnderTheSameSubjectIsIdempotent() throws Exception {
    int first =
        new RestSchemaRegistryClient(KAFKA.schemaRegistryUrl())
            .register("idem-value", Turn.getClassSchema());
    int second =
        new RestSchemaRegistryClient(KAFKA.schemaRegistryUrl())
            .register("idem-value", Turn.getClassSchema());
    assertEquals(first, second);
    assertEquals("[1]", get("/subjects/idem-value/versions").body());
  }

  @Test
  void sameSchemaUnderAnotherSubjectReusesTheGlobalId() throws Exception {
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(KAFKA.schemaRegistryUrl());
    int a = client.register("shared-a-value", Request.getClassSchema());
    int b = client.register("shared-b-value", Request.getClassSchema());
    assertEquals(a, b);
    assertEquals(1, json(get("/subjects/shared-b-value/versions/latest")).path("version").asInt());
  }

  @Test
  void newSchemaUnderASubjectBecomesItsNextVersionWithANewId() throws Exception {
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(KAFKA.schemaRegistryUrl());
    int v1 = client.register("evolving-value", record("Evolving"));
    Schema second =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"Evolving\",\"fields\":["
                    + "{\"name\":\"n\",\"type\":\"long\"},{\"name\":\"m\",\"type\":\"long\",\"default\":0}]}");
    int v2 = client.register("evolving-value", second);
    assertNotEquals(v1, v2);
    assertEquals("[1,2]", get("/subjects/evolving-value/versions").body());
    JsonNode latest = json(get("/subjects/evolving-value/versions/latest"));
    assertEquals(v2, latest.path("id").asInt());
    assertEquals(2, latest.path("version").asInt());
    assertEquals(second, new Schema.Parser().parse(latest.path("schema").asText()));
    assertEquals(v1, json(get("/subjects/evolving-value/versions/1")).path("id").asInt());
    assertEquals(
        40402, json(get("/subjects/evolving-value/versions/3")).path("error_code").asInt());
  }

  @Test
  void unknownIdMapsToUnknownSchemaException() {
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(KAFKA.schemaRegistryUrl());
    SchemaRegistryClient.UnknownSchemaException e =
        assertThrows(
            SchemaRegistryClient.UnknownSchemaException.class, () -> client.getById(987_654));
    assertTrue(e.getMessage().contains("987654"), e.getMessage());
  }

  @Test
  void unknownIdAnswers404WithConfluentErrorJson() throws Exception {
    HttpResponse<String> response = get("/schemas/ids/987654");
    assertEquals(404, response.statusCode());
    assertEquals(
        "application/vnd.schemaregistry.v1+json",
        response.headers().firstValue("Content-Type").orElse(""));
    assertEquals(
        JSON.readTree("{\"error_code\":40403,\"message\":\"Schema 987654 not found\"}"),
        json(response));
  }

  @Test
  void schemaByIdAnswersWithTheSchemaText() throws Exception {
    int id =
        new RestSchemaRegistryClient(KAFKA.schemaRegistryUrl())
            .register("by-id-value", record("ById"));
    JsonNode body = json(get("/schemas/ids/" + id));
    assertEquals(record("ById"), new Schema.Parser().parse(body.path("schema").asText()));
  }

  @Test
  void lookupUnderSubjectFindsRegisteredSchemaAndRejectsOthers() throws Exception {
    int id =
        new RestSchemaRegistryClient(KAFKA.schemaRegistryUrl())
            .register("lookup-value", record("Looked"));
    JsonNode found = json(post("/subjects/lookup-value", record("Looked")));
    assertEquals(id, found.path("id").asInt());
    assertEquals("lookup-value", found.path("subject").asText());
    assertEquals(1, found.path("version").asInt());

    HttpResponse<String> otherSchema = post("/subjects/lookup-value", record("NotThere"));
    assertEquals(404, otherSchema.statusCode());
    assertEquals(40403, json(otherSchema).path("error_code").asInt());
    assertEquals(
        40401,
        json(post("/subjects/no-such-subject", record("Looked"))).path("error_code").asInt());
  }

  @Test
  void subjectsListsEveryRegisteredSubject() throws Exception {
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(KAFKA.schemaRegistryUrl());
    client.register("listed-1-value", record("Listed"));
    client.register("listed-2-value", record("Listed"));
    JsonNode subjects = json(get("/subjects"));
    assertTrue(subjects.isArray());
    assertTrue(subjects.toString().contains("\"listed-1-value\""), subjects.toString());
    assertTrue(subjects.toString().contains("\"listed-2-value\""), subjects.toString());
  }

  @Test
  void invalidSchemaIsRejectedWith42201() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri("/subjects/bad-value/versions"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"schema\":\"{\\\"type\\\":\\\"nonsense\\\"}\"}")));
    assertEquals(422, response.statusCode());
    assertEquals(42201, json(response).path("error_code").asInt());
    assertEquals(404, get("/subjects/bad-value/versions").statusCode());
  }

  private static URI uri(String path) {
    return URI.create(KAFKA.schemaRegistryUrl() + path);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private static HttpResponse<String> post(String path, Schema schema) throws Exception {
    String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(
        request.header("Content-Type", EmbeddedSchemaRegistry.CONTENT_TYPE).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }
}

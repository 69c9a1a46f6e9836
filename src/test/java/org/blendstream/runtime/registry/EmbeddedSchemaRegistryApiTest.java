package org.blendstream.runtime.registry;

import static org.blendstream.runtime.registry.RegistryHttp.JSON;
import static org.blendstream.runtime.registry.RegistryHttp.assertError;
import static org.blendstream.runtime.registry.RegistryHttp.assertShapedAs;
import static org.blendstream.runtime.registry.RegistryHttp.example;
import static org.blendstream.runtime.registry.RegistryHttp.schemaBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.blendstream.IntegrationTest;
import org.blendstream.runtime.KafkaTestCluster;
import org.blendstream.runtime.registry.RegistryHttp.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every endpoint of the embedded registry, against the bodies Confluent documents
 * (src/test/resources/registry).
 */
@IntegrationTest
class EmbeddedSchemaRegistryApiTest {

  @RegisterExtension static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  private static final RegistryHttp API = new RegistryHttp(KAFKA::schemaRegistryUrl);
  private static final String F1 =
      "{\"type\":\"record\",\"name\":\"myrecord\",\"fields\":[{\"name\":\"f1\",\"type\":\"string\"}]}";
  private static final String F1_F2 =
      "{\"type\":\"record\",\"name\":\"myrecord\",\"fields\":[{\"name\":\"f1\",\"type\":\"string\"},"
          + "{\"name\":\"f2\",\"type\":\"string\"}]}";
  private static final String F1_F2_DEFAULT =
      "{\"type\":\"record\",\"name\":\"myrecord\",\"fields\":["
          + "{\"name\":\"f1\",\"type\":\"string\"},{\"name\":\"f2\",\"type\":\"string\",\"default\":\"x\"}]}";

  private static final String DELV =
      "{\"type\":\"record\",\"name\":\"DelV\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
  private static final String DELV_2 =
      "{\"type\":\"record\",\"name\":\"DelV\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
          + "{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}";

  private static int register(String subject, String schema) {
    Answer answer = API.postSchema("/subjects/" + subject + "/versions", schema);
    return assertShapedAs("register", answer).path("id").asInt();
  }

  @Test
  void registeredSchemaIsServedByIdBySubjectVersionAndByLookupInConfluentsShapes()
      throws Exception {
    JsonNode request = example("register", "request");
    Answer registered = API.post("/subjects/shapes-value/versions", request);
    int id = assertShapedAs("register", registered).path("id").asInt();
    String canonical = new Schema.Parser().parse(request.path("schema").asText()).toString();

    assertEquals(
        canonical,
        assertShapedAs("schemaById", API.get("/schemas/ids/" + id)).path("schema").asText());
    assertEquals(
        new Schema.Parser().parse(canonical),
        new Schema.Parser().parse(API.get("/schemas/ids/" + id + "/schema").body().toString()));
    assertTrue(
        assertShapedAs("subjects", API.get("/subjects")).toString().contains("\"shapes-value\""));
    assertEquals(
        "[1]", assertShapedAs("versions", API.get("/subjects/shapes-value/versions")).toString());
    JsonNode version = assertShapedAs("version", API.get("/subjects/shapes-value/versions/1"));
    assertEquals(id, version.path("id").asInt());
    assertEquals(version, API.get("/subjects/shapes-value/versions/latest").body());
    assertEquals(version, API.get("/subjects/shapes-value/versions/-1").body());
    // Confluent's example is a string schema; what matters is that the body is the schema itself,
    // not a wrapper.
    JsonNode raw = API.get("/subjects/shapes-value/versions/1/schema").body();
    assertEquals(example("rawSchema", "response").getNodeType(), raw.getNodeType());
    assertEquals(JSON.readTree(canonical), raw);
    assertEquals(
        version,
        assertShapedAs("lookup", API.post("/subjects/shapes-value", example("lookup", "request"))));
    assertEquals(
        "[\"shapes-value\"]",
        assertShapedAs("subjectsOfId", API.get("/schemas/ids/" + id + "/subjects")).toString());
    assertEquals(
        "[{\"subject\":\"shapes-value\",\"version\":1}]",
        assertShapedAs("versionsOfId", API.get("/schemas/ids/" + id + "/versions")).toString());
  }

  @Test
  void unknownSubjectsVersionsAndIdsAnswerConfluentsErrors() {
    Answer subject = assertError(404, 40401, API.get("/subjects/nobody-value/versions"));
    assertEquals(
        example("subjectNotFound", "response")
            .path("message")
            .asText()
            .replace("test", "nobody-value"),
        subject.message());
    register("errors-value", F1);
    assertEquals(
        "Version 9 not found.",
        assertError(404, 40402, API.get("/subjects/errors-value/versions/9")).message());
    assertError(422, 42202, API.get("/subjects/errors-value/versions/0"));
    assertError(422, 42202, API.get("/subjects/errors-value/versions/first"));
    assertEquals(
        "Schema 424242 not found",
        assertError(404, 40403, API.get("/schemas/ids/424242")).message());
    assertError(404, 40403, API.get("/schemas/ids/424242/schema"));
    assertError(404, 40403, API.get("/schemas/ids/424242/versions"));
    assertError(404, 40403, API.get("/schemas/ids/424242/subjects"));
    assertError(404, 40403, API.postSchema("/subjects/errors-value", F1_F2));
    assertError(404, 40401, API.postSchema("/subjects/nobody-value", F1));
  }

  @Test
  void incompatibleSchemaUnderBackwardIsRefusedWith409AndNotRegistered() {
    register("backward-value", F1);
    Answer refused = API.postSchema("/subjects/backward-value/versions", F1_F2);
    assertError(409, 409, refused);
    assertTrue(
        refused
            .message()
            .startsWith(
                "Schema being registered is incompatible with an earlier schema for subject"
                    + " \"backward-value\", details:"
                    + " [{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'"),
        refused.message());
    assertEquals("[1]", API.get("/subjects/backward-value/versions").body().toString());

    int second = register("backward-value", F1_F2_DEFAULT);
    assertEquals("[1,2]", API.get("/subjects/backward-value/versions").body().toString());
    assertEquals(
        second, API.get("/subjects/backward-value/versions/latest").body().path("id").asInt());
  }

  @Test
  void subjectLevelForwardAcceptsWhatBackwardRefusesAndNoneLetsAnythingThrough() {
    String f1f3 =
        "{\"type\":\"record\",\"name\":\"myrecord\",\"fields\":[{\"name\":\"f1\",\"type\":\"string\"},"
            + "{\"name\":\"f3\",\"type\":\"string\",\"default\":\"y\"}]}";
    assertShapedAs(
        "putSubjectConfig",
        API.put("/config/levels-value", JSON.createObjectNode().put("compatibility", "forward")));
    assertEquals(
        "FORWARD", API.get("/config/levels-value").body().path("compatibilityLevel").asText());
    register("levels-value", F1);
    register("levels-value", F1_F2);
    // Dropping f2, which the latest has without a default, leaves readers of the latest without a
    // value for it.
    assertError(409, 409, API.postSchema("/subjects/levels-value/versions", f1f3));
    API.put("/config/levels-value", JSON.createObjectNode().put("compatibility", "NONE"));
    register("levels-value", f1f3);
    assertEquals("[1,2,3]", API.get("/subjects/levels-value/versions").body().toString());
  }

  @Test
  void compatibilityCheckAnswersIsCompatibleAndConfluentsVerboseMessages() {
    register("compat-value", F1);
    String latest = "/compatibility/subjects/compat-value/versions/latest";
    assertShapedAs("compatibility", API.post(latest, example("compatibility", "request")));
    assertTrue(API.postSchema(latest, F1_F2_DEFAULT).body().path("is_compatible").asBoolean());
    JsonNode refused = assertShapedAs("compatibility", API.postSchema(latest, F1_F2));
    assertFalse(refused.path("is_compatible").asBoolean());
    JsonNode verbose =
        assertShapedAs("compatibilityVerbose", API.postSchema(latest + "?verbose=true", F1_F2));
    assertEquals(example("compatibilityVerbose", "response"), verbose);
    assertFalse(
        API.postSchema("/compatibility/subjects/compat-value/versions/1", F1_F2)
            .body()
            .path("is_compatible")
            .asBoolean());
    assertFalse(
        API.postSchema("/compatibility/subjects/compat-value/versions", F1_F2)
            .body()
            .path("is_compatible")
            .asBoolean());
    assertError(404, 40402, API.postSchema("/compatibility/subjects/compat-value/versions/7", F1));
    assertError(422, 42202, API.postSchema("/compatibility/subjects/compat-value/versions/x", F1));
    assertTrue(
        API.postSchema("/compatibility/subjects/unseen-value/versions/latest", F1_F2)
            .body()
            .path("is_compatible")
            .asBoolean());
    assertError(422, 42201, API.postSchema(latest, "{\"type\":\"nonsense\"}"));
    JsonNode invalidVerbose =
        API.postSchema(latest + "?verbose=true", "{\"type\":\"nonsense\"}").body();
    assertFalse(invalidVerbose.path("is_compatible").asBoolean());
    assertEquals(1, invalidVerbose.path("messages").size());
  }

  @Test
  void globalConfigIsBackwardUntilSetAndReturnsToItWhenDeleted() {
    assertEquals(
        "BACKWARD",
        assertShapedAs("getConfig", API.get("/config")).path("compatibilityLevel").asText());
    JsonNode set = assertShapedAs("putConfig", API.put("/config", example("putConfig", "request")));
    assertEquals(example("putConfig", "response"), set);
    try {
      assertEquals(example("getConfig", "response"), API.get("/config").body());
      assertEquals(
          "FULL",
          API.get("/config/any-value?defaultToGlobal=true")
              .body()
              .path("compatibilityLevel")
              .asText());
    } finally {
      assertEquals("FULL", API.delete("/config").body().path("compatibilityLevel").asText());
    }
    assertEquals("BACKWARD", API.get("/config").body().path("compatibilityLevel").asText());
  }

  @Test
  void subjectConfigIs40408UntilSetAndCanBeDeleted() {
    Answer none = assertError(404, 40408, API.get("/config/cfg-value"));
    assertEquals(
        "Subject 'cfg-value' does not have subject-level compatibility configured", none.message());
    assertEquals(
        "BACKWARD",
        assertShapedAs("getSubjectConfig", API.get("/config/cfg-value?defaultToGlobal=true"))
            .path("compatibilityLevel")
            .asText());
    assertEquals(
        example("putSubjectConfig", "response"),
        API.put("/config/cfg-value", example("putSubjectConfig", "request")).body());
    assertEquals(example("getSubjectConfig", "response"), API.get("/config/cfg-value").body());
    assertError(
        422,
        42203,
        API.put("/config/cfg-value", JSON.createObjectNode().put("compatibility", "SIDEWAYS")));
    assertEquals(
        "FULL", API.delete("/config/cfg-value").body().path("compatibilityLevel").asText());
    assertError(404, 40408, API.get("/config/cfg-value"));
    assertError(404, 40401, API.delete("/config/cfg-value"));
  }

  @Test
  void modeIsReadWriteAndOnlyReadWriteCanBeSet() {
    assertEquals(example("mode", "response"), assertShapedAs("mode", API.get("/mode")));
    assertError(404, 40409, API.get("/mode/m-value"));
    assertEquals(example("mode", "response"), API.get("/mode/m-value?defaultToGlobal=true").body());
    assertEquals(example("mode", "response"), API.put("/mode", example("mode", "response")).body());
    assertError(422, 42205, API.put("/mode", JSON.createObjectNode().put("mode", "READONLY")));
    assertError(
        422, 42204, API.put("/mode/m-value", JSON.createObjectNode().put("mode", "SOMETIMES")));
  }

  @Test
  void schemaTypesListAvroOnlyAndOtherTypesAreRefusedWith42201() {
    assertEquals("[\"AVRO\"]", assertShapedAs("types", API.get("/schemas/types")).toString());
    ObjectNode json = schemaBody("{\"type\":\"object\"}").put("schemaType", "JSON");
    assertEquals(
        "Invalid schema type JSON",
        assertError(422, 42201, API.post("/subjects/json-value/versions", json)).message());
    assertError(404, 40401, API.get("/subjects/json-value/versions"));
  }

  @Test
  void softDeletedVersionKeepsItsIdResolvableAndOnlyThenCanBeDeletedPermanently() {
    int first = register("delv-value", DELV);
    int second = register("delv-value", DELV_2);
    assertError(404, 40407, API.delete("/subjects/delv-value/versions/1?permanent=true"));
    assertEquals(
        example("deleteVersion", "response"), API.delete("/subjects/delv-value/versions/1").body());
    Answer again = assertError(404, 40406, API.delete("/subjects/delv-value/versions/1"));
    assertTrue(
        again.message().startsWith("Subject 'delv-value' Version 1 was soft deleted."),
        again.message());

    assertEquals("[2]", API.get("/subjects/delv-value/versions").body().toString());
    assertEquals("[1,2]", API.get("/subjects/delv-value/versions?deleted=true").body().toString());
    assertError(404, 40402, API.get("/subjects/delv-value/versions/1"));
    assertEquals(
        first, API.get("/subjects/delv-value/versions/1?deleted=true").body().path("id").asInt());
    assertEquals(
        new Schema.Parser().parse(DELV).toString(),
        API.get("/schemas/ids/" + first).body().path("schema").asText());
    assertError(404, 40403, API.get("/schemas/ids/" + first + "/versions"));
    assertEquals(
        "[{\"subject\":\"delv-value\",\"version\":1}]",
        API.get("/schemas/ids/" + first + "/versions?deleted=true").body().toString());

    assertEquals(
        "1", API.delete("/subjects/delv-value/versions/1?permanent=true").body().toString());
    assertError(404, 40403, API.get("/schemas/ids/" + first));
    assertEquals("[2]", API.get("/subjects/delv-value/versions?deleted=true").body().toString());
    assertError(404, 40402, API.delete("/subjects/delv-value/versions/1"));
    assertEquals(200, API.get("/schemas/ids/" + second).status());
    assertEquals("2", API.delete("/subjects/delv-value/versions/latest").body().toString());
    assertError(404, 40401, API.get("/subjects/delv-value/versions"));
    assertEquals(
        "2", API.delete("/subjects/delv-value/versions/latest?permanent=true").body().toString());
    assertError(404, 40401, API.get("/subjects/delv-value/versions?deleted=true"));
  }

  @Test
  void softDeletedSubjectIsHiddenUnlessAskedForAndComesBackAtTheNextVersionWithTheSameId() {
    int id = register("dels-value", F1);
    register("dels-value", F1_F2_DEFAULT);
    assertError(404, 40405, API.delete("/subjects/dels-value?permanent=true"));
    assertEquals(
        "[1,2]", assertShapedAs("deleteSubject", API.delete("/subjects/dels-value")).toString());
    assertError(404, 40404, API.delete("/subjects/dels-value"));
    assertFalse(API.get("/subjects").body().toString().contains("\"dels-value\""));
    assertTrue(API.get("/subjects?deleted=true").body().toString().contains("\"dels-value\""));
    assertError(404, 40401, API.get("/subjects/dels-value/versions"));
    assertError(404, 40401, API.postSchema("/subjects/dels-value", F1));
    assertEquals(
        1, API.postSchema("/subjects/dels-value?deleted=true", F1).body().path("version").asInt());
    assertEquals(200, API.get("/schemas/ids/" + id).status());

    assertEquals(id, register("dels-value", F1));
    assertEquals(3, API.get("/subjects/dels-value/versions/latest").body().path("version").asInt());
  }

  @Test
  void permanentlyDeletedSubjectIsGoneWithItsConfigAndItsOnlyId() {
    int id =
        register(
            "gone-value",
            "{\"type\":\"record\",\"name\":\"Gone\",\"fields\":[{\"name\":\"g\",\"type\":\"int\"}]}");
    API.put("/config/gone-value", JSON.createObjectNode().put("compatibility", "NONE"));
    API.delete("/subjects/gone-value");
    assertEquals("[1]", API.delete("/subjects/gone-value?permanent=true").body().toString());
    assertFalse(API.get("/subjects?deleted=true").body().toString().contains("\"gone-value\""));
    assertError(404, 40403, API.get("/schemas/ids/" + id));
    assertError(404, 40408, API.get("/config/gone-value"));
    assertError(404, 40401, API.delete("/subjects/gone-value"));
  }

  @Test
  void schemaWithReferencesParsesThroughThemAndKeepsTheReferencedVersionFromBeingDeleted() {
    String user =
        "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"io.example\",\"fields\":[{\"name\":\"n\",\"type\":\"string\"}]}";
    register("User", user);
    String order =
        "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.example\",\"fields\":["
            + "{\"name\":\"buyer\",\"type\":\"io.example.User\"}]}";
    assertError(422, 42201, API.postSchema("/subjects/order-value/versions", order));
    ObjectNode withRef = schemaBody(order);
    withRef
        .putArray("references")
        .addObject()
        .put("name", "io.example.User")
        .put("subject", "User")
        .put("version", 1);
    int orderId =
        assertShapedAs("register", API.post("/subjects/order-value/versions", withRef))
            .path("id")
            .asInt();

    JsonNode byId = assertShapedAs("schemaByIdWithReferences", API.get("/schemas/ids/" + orderId));
    assertEquals(withRef.path("references"), byId.path("references"));
    assertFalse(
        byId.path("schema").asText().contains("\"fields\":[{\"name\":\"n\""),
        "the referenced type is not inlined");
    assertShapedAs("versionWithReferences", API.get("/subjects/order-value/versions/1"));
    assertEquals(
        "[" + orderId + "]",
        assertShapedAs("referencedBy", API.get("/subjects/User/versions/1/referencedby"))
            .toString());
    assertEquals(orderId, API.post("/subjects/order-value", withRef).body().path("id").asInt());

    Answer held = assertError(422, 42206, API.delete("/subjects/User/versions/1"));
    assertTrue(
        held.message().startsWith("One or more references exist to the schema"), held.message());
    assertError(422, 42206, API.delete("/subjects/User"));

    ObjectNode missing = schemaBody(order);
    missing
        .putArray("references")
        .addObject()
        .put("name", "io.example.User")
        .put("subject", "User")
        .put("version", 5);
    assertError(422, 42201, API.post("/subjects/order2-value/versions", missing));
    assertNotEquals(orderId, register("user-copy-value", user));
  }
}

package org.blendstream.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.blendstream.runtime.registry.RegisteredSchemas.Configured;
import org.blendstream.runtime.registry.RegisteredSchemas.Entry;
import org.blendstream.runtime.registry.RegisteredSchemas.Forgotten;
import org.blendstream.runtime.registry.RegisteredSchemas.Reference;
import org.blendstream.runtime.registry.RegisteredSchemas.SubjectDeleted;
import org.junit.jupiter.api.Test;

/**
 * The {@code _schemas} records as Confluent's registry writes them (key and value JSON of its
 * SchemaKey, SchemaValue, ConfigKey, ConfigValue, DeleteSubjectKey, DeleteSubjectValue, ModeKey and
 * NoopKey classes).
 */
class SchemaLogFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String S = "{\"type\":\"string\"}";

  private static void assertJson(String expected, String actual) throws Exception {
    assertEquals(JSON.readTree(expected), JSON.readTree(actual));
  }

  @Test
  void schemaRecordIsConfluentsSchemaKeyAndValue() throws Exception {
    SchemaLogFormat.KeyValue kv =
        SchemaLogFormat.encode(
            new Entry("t-value", 2, 7, S, List.of(new Reference("io.x.A", "A", 1)), false));
    assertJson(
        "{\"keytype\":\"SCHEMA\",\"subject\":\"t-value\",\"version\":2,\"magic\":1}", kv.key());
    assertJson(
        "{\"subject\":\"t-value\",\"version\":2,\"id\":7,\"references\":[{\"name\":\"io.x.A\",\"subject\":\"A\","
            + "\"version\":1}],\"schema\":\"{\\\"type\\\":\\\"string\\\"}\",\"deleted\":false}",
        kv.value());
  }

  @Test
  void deletesAndConfigsAreConfluentsKeysValuesAndTombstones() throws Exception {
    SchemaLogFormat.KeyValue forgotten = SchemaLogFormat.encode(new Forgotten("t-value", 2));
    assertJson(
        "{\"keytype\":\"SCHEMA\",\"subject\":\"t-value\",\"version\":2,\"magic\":1}",
        forgotten.key());
    assertEquals(null, forgotten.value());
    SchemaLogFormat.KeyValue deleted = SchemaLogFormat.encode(new SubjectDeleted("t-value", 3));
    assertJson(
        "{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"t-value\",\"magic\":0}", deleted.key());
    assertJson("{\"subject\":\"t-value\",\"version\":3}", deleted.value());
    SchemaLogFormat.KeyValue subjectConfig =
        SchemaLogFormat.encode(new Configured("t-value", Compatibility.FULL));
    assertJson("{\"keytype\":\"CONFIG\",\"subject\":\"t-value\",\"magic\":0}", subjectConfig.key());
    assertJson("{\"subject\":\"t-value\",\"compatibilityLevel\":\"FULL\"}", subjectConfig.value());
    SchemaLogFormat.KeyValue global =
        SchemaLogFormat.encode(new Configured(null, Compatibility.NONE));
    assertJson("{\"keytype\":\"CONFIG\",\"magic\":0}", global.key());
    assertJson("{\"compatibilityLevel\":\"NONE\"}", global.value());
    assertEquals(null, SchemaLogFormat.encode(new Configured("t-value", null)).value());
  }

  @Test
  void everyEncodedChangeDecodesToItself() {
    List<RegisteredSchemas.Change> changes =
        List.of(
            new Entry("s", 1, 1, S),
            new Entry("s", 2, 3, S, List.of(new Reference("n", "o", 4)), true),
            new Forgotten("s", 1),
            new SubjectDeleted("s", 2),
            new Configured("s", Compatibility.FORWARD_TRANSITIVE),
            new Configured(null, Compatibility.FULL),
            new Configured("s", null),
            new Configured(null, null));
    for (RegisteredSchemas.Change change : changes) {
      SchemaLogFormat.KeyValue kv = SchemaLogFormat.encode(change);
      assertEquals(
          Optional.of(change), SchemaLogFormat.decode(kv.key(), kv.value()), kv.toString());
    }
  }

  @Test
  void recordsWrittenByConfluentOrByTheEarlierRegistryDecode() {
    // What the registry before this one wrote: no references field.
    assertEquals(
        Optional.of(new Entry("old-value", 1, 5, S)),
        SchemaLogFormat.decode(
            "{\"keytype\":\"SCHEMA\",\"subject\":\"old-value\",\"version\":1,\"magic\":1}",
            "{\"subject\":\"old-value\",\"version\":1,\"id\":5,\"schema\":\"{\\\"type\\\":\\\"string\\\"}\",\"deleted\":false}"));
    // Confluent 7.x writes the global config key with an explicit null subject and its values with
    // an md5.
    assertEquals(
        Optional.of(new Configured(null, Compatibility.BACKWARD)),
        SchemaLogFormat.decode(
            "{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}",
            "{\"compatibilityLevel\":\"BACKWARD\"}"));
    assertEquals(
        Optional.of(new Entry("c-value", 1, 9, S)),
        SchemaLogFormat.decode(
            "{\"keytype\":\"SCHEMA\",\"subject\":\"c-value\",\"version\":1,\"magic\":1}",
            "{\"subject\":\"c-value\",\"version\":1,\"id\":9,\"md5\":\"q1w2\",\"schema\":\"{\\\"type\\\":\\\"string\\\"}\","
                + "\"deleted\":false}"));
    assertEquals(
        Optional.empty(), SchemaLogFormat.decode("{\"keytype\":\"NOOP\",\"magic\":0}", null));
    assertEquals(
        Optional.empty(),
        SchemaLogFormat.decode(
            "{\"keytype\":\"MODE\",\"subject\":\"m\",\"magic\":0}", "{\"mode\":\"READONLY\"}"));
    assertEquals(
        Optional.empty(),
        SchemaLogFormat.decode(
            "{\"keytype\":\"SCHEMA\",\"subject\":\"p-value\",\"version\":1,\"magic\":1}",
            "{\"subject\":\"p-value\",\"version\":1,\"id\":2,\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax"
                + " = \\\"proto3\\\";\",\"deleted\":false}"));
  }

  @Test
  void unreadableRecordIsAnError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SchemaLogFormat.decode("not json", "{}"));
    assertTrue(e.getMessage().contains("not json"), e.getMessage());
  }
}

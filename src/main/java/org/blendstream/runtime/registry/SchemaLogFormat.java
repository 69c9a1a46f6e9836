package org.blendstream.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The key and value JSON of {@code _schemas} records, as Confluent's {@code SchemaKey}/{@code
 * SchemaValue}, {@code ConfigKey}/{@code ConfigValue} and {@code DeleteSubjectKey}/{@code
 * DeleteSubjectValue} write them (Jackson, non-empty fields only), so that the topic reads the same
 * to either registry. A permanent delete is the tombstone of a SCHEMA key, a removed config the
 * tombstone of a CONFIG key. Records of other kinds (MODE, NOOP, contexts, keys, associations)
 * carry nothing that this registry serves and are skipped.
 */
final class SchemaLogFormat {

  record KeyValue(String key, String value) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private SchemaLogFormat() {}

  static KeyValue encode(RegisteredSchemas.Change change) {
    if (change instanceof RegisteredSchemas.Entry e) {
      return new KeyValue(schemaKey(e.subject(), e.version()), schemaValue(e));
    }
    if (change instanceof RegisteredSchemas.Forgotten f) {
      return new KeyValue(schemaKey(f.subject(), f.version()), null);
    }
    if (change instanceof RegisteredSchemas.SubjectDeleted d) {
      return new KeyValue(
          subjectKey("DELETE_SUBJECT", d.subject()),
          JSON.createObjectNode()
              .put("subject", d.subject())
              .put("version", d.upToVersion())
              .toString());
    }
    RegisteredSchemas.Configured c = (RegisteredSchemas.Configured) change;
    ObjectNode value = JSON.createObjectNode();
    if (c.subject() != null) {
      value.put("subject", c.subject());
    }
    return new KeyValue(
        subjectKey("CONFIG", c.subject()),
        c.level() == null ? null : value.put("compatibilityLevel", c.level().name()).toString());
  }

  /**
   * The change a record means, or empty for a kind this registry does not keep; throws on a record
   * it cannot read.
   */
  static Optional<RegisteredSchemas.Change> decode(String key, String value) {
    JsonNode k = read(key);
    String subject = k.path("subject").isTextual() ? k.path("subject").asText() : null;
    switch (k.path("keytype").asText()) {
      case "SCHEMA":
        if (value == null) {
          return Optional.of(new RegisteredSchemas.Forgotten(subject, k.path("version").asInt()));
        }
        return entry(read(value));
      case "CONFIG":
        if (value == null) {
          return Optional.of(new RegisteredSchemas.Configured(subject, null));
        }
        // An unknown level from a newer registry is not ours to enforce; the default then applies.
        return Compatibility.named(read(value).path("compatibilityLevel").asText(""))
            .map(level -> new RegisteredSchemas.Configured(subject, level));
      case "DELETE_SUBJECT":
        return value == null
            ? Optional.empty()
            : Optional.of(
                new RegisteredSchemas.SubjectDeleted(subject, read(value).path("version").asInt()));
      default:
        return Optional.empty();
    }
  }

  private static Optional<RegisteredSchemas.Change> entry(JsonNode v) {
    if (!v.hasNonNull("schema")
        || !v.hasNonNull("id")
        || !v.path("schemaType").asText("AVRO").equals("AVRO")) {
      return Optional.empty();
    }
    List<RegisteredSchemas.Reference> references = new ArrayList<>();
    for (JsonNode r : v.path("references")) {
      references.add(
          new RegisteredSchemas.Reference(
              r.path("name").asText(), r.path("subject").asText(), r.path("version").asInt()));
    }
    return Optional.of(
        new RegisteredSchemas.Entry(
            v.path("subject").asText(),
            v.path("version").asInt(),
            v.path("id").asInt(),
            v.path("schema").asText(),
            references,
            v.path("deleted").asBoolean(false)));
  }

  private static String schemaKey(String subject, int version) {
    return JSON.createObjectNode()
        .put("keytype", "SCHEMA")
        .put("subject", subject)
        .put("version", version)
        .put("magic", 1)
        .toString();
  }

  private static String subjectKey(String keytype, String subject) {
    ObjectNode key = JSON.createObjectNode().put("keytype", keytype);
    if (subject != null) {
      key.put("subject", subject);
    }
    return key.put("magic", 0).toString();
  }

  private static String schemaValue(RegisteredSchemas.Entry e) {
    ObjectNode value =
        JSON.createObjectNode()
            .put("subject", e.subject())
            .put("version", e.version())
            .put("id", e.id());
    if (!e.references().isEmpty()) {
      ArrayNode refs = value.putArray("references");
      e.references()
          .forEach(
              r ->
                  refs.addObject()
                      .put("name", r.name())
                      .put("subject", r.subject())
                      .put("version", r.version()));
    }
    return value.put("schema", e.schema()).put("deleted", e.deleted()).toString();
  }

  private static JsonNode read(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("not a JSON object: " + json);
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }
}

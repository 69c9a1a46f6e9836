package org.blendstream.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Maps Confluent's REST paths, methods and query parameters onto {@link RegistryOperations}, and
 * turns request bodies into their arguments. Paths are the decoded segments; nothing here knows
 * HTTP transport.
 */
final class RegistryRoutes {

  /** One answer: the status and the JSON text of the body. */
  record Reply(int status, String body) {
    static Reply ok(JsonNode json) {
      return new Reply(200, json.toString());
    }

    static Reply error(RegistryError.Failure failure) {
      return new Reply(failure.error.status, errorJson(failure.error.code, failure.getMessage()));
    }
  }

  /** A request as the transport hands it over. */
  record Request(String method, List<String> path, Map<String, String> query, String body) {
    boolean flag(String name) {
      return Boolean.parseBoolean(query.getOrDefault(name, "false"));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Confluent's error body: {@code {"error_code": ..., "message": ...}}. */
  static String errorJson(int code, String message) {
    return JSON.createObjectNode().put("error_code", code).put("message", message).toString();
  }

  private static final JsonNode TYPES = JSON.createArrayNode().add(RegistryOperations.AVRO);

  private final RegistryOperations ops;

  RegistryRoutes(RegistryOperations ops) {
    this.ops = ops;
  }

  Reply route(Request r) {
    try {
      return dispatch(r);
    } catch (RegistryError.Failure f) {
      return Reply.error(f);
    }
  }

  private Reply dispatch(Request r) {
    List<String> p = r.path();
    String m = r.method();
    if (p.isEmpty()) {
      return when(m, "GET", () -> Reply.ok(JSON.createObjectNode()));
    }
    return switch (p.get(0)) {
      case "schemas" -> schemas(r, p);
      case "subjects" -> subjects(r, p);
      case "compatibility" -> compatibility(r, p);
      case "config" -> config(r, p);
      case "mode" -> mode(r, p);
      default -> throw RegistryError.NOT_FOUND.failure();
    };
  }

  private Reply schemas(Request r, List<String> p) {
    if (p.size() == 2 && p.get(1).equals("types")) {
      return when(r.method(), "GET", () -> Reply.ok(TYPES));
    }
    if (p.size() < 3 || p.size() > 4 || !p.get(1).equals("ids")) {
      throw RegistryError.NOT_FOUND.failure();
    }
    int id = id(p.get(2));
    String tail = p.size() == 4 ? p.get(3) : "";
    return when(
        r.method(),
        "GET",
        () ->
            switch (tail) {
              case "" -> Reply.ok(ops.schemaById(id));
              case "schema" -> new Reply(200, ops.rawSchemaById(id));
              case "subjects" -> Reply.ok(ops.subjectsOfId(id, r.flag("deleted")));
              case "versions" -> Reply.ok(ops.versionsOfId(id, r.flag("deleted")));
              default -> throw RegistryError.NOT_FOUND.failure();
            });
  }

  private Reply subjects(Request r, List<String> p) {
    String m = r.method();
    boolean deleted = r.flag("deleted");
    switch (p.size()) {
      case 1:
        return when(m, "GET", () -> Reply.ok(ops.subjects(deleted)));
      case 2:
        if (m.equals("POST")) {
          return Reply.ok(ops.lookup(p.get(1), submitted(r), deleted));
        }
        return when(m, "DELETE", () -> Reply.ok(ops.deleteSubject(p.get(1), r.flag("permanent"))));
      case 3:
        requireSegment(p, 2, "versions");
        if (m.equals("POST")) {
          return Reply.ok(ops.register(p.get(1), submitted(r)));
        }
        return when(m, "GET", () -> Reply.ok(ops.versions(p.get(1), deleted)));
      case 4:
        requireSegment(p, 2, "versions");
        if (m.equals("DELETE")) {
          return Reply.ok(ops.deleteVersion(p.get(1), p.get(3), r.flag("permanent")));
        }
        return when(m, "GET", () -> Reply.ok(ops.version(p.get(1), p.get(3), deleted)));
      case 5:
        requireSegment(p, 2, "versions");
        return when(
            m,
            "GET",
            () ->
                switch (p.get(4)) {
                  case "schema" -> new Reply(200, ops.rawSchema(p.get(1), p.get(3), deleted));
                  case "referencedby" -> Reply.ok(ops.referencedBy(p.get(1), p.get(3)));
                  default -> throw RegistryError.NOT_FOUND.failure();
                });
      default:
        throw RegistryError.NOT_FOUND.failure();
    }
  }

  private Reply compatibility(Request r, List<String> p) {
    if (p.size() < 4
        || p.size() > 5
        || !p.get(1).equals("subjects")
        || !p.get(3).equals("versions")) {
      throw RegistryError.NOT_FOUND.failure();
    }
    String version = p.size() == 5 ? p.get(4) : null;
    return when(
        r.method(),
        "POST",
        () -> Reply.ok(ops.compatibility(p.get(2), version, submitted(r), r.flag("verbose"))));
  }

  private Reply config(Request r, List<String> p) {
    if (p.size() > 2) {
      throw RegistryError.NOT_FOUND.failure();
    }
    String subject = p.size() == 2 ? p.get(1) : null;
    return switch (r.method()) {
      case "GET" -> Reply.ok(ops.config(subject, r.flag("defaultToGlobal")));
      case "PUT" -> Reply.ok(ops.setConfig(subject, json(r.body())));
      case "DELETE" -> Reply.ok(ops.deleteConfig(subject));
      default -> throw RegistryError.NOT_FOUND.failure();
    };
  }

  private Reply mode(Request r, List<String> p) {
    if (p.size() > 2) {
      throw RegistryError.NOT_FOUND.failure();
    }
    String subject = p.size() == 2 ? p.get(1) : null;
    if (r.method().equals("PUT")) {
      return Reply.ok(RegistryOperations.setMode(json(r.body())));
    }
    return when(
        r.method(),
        "GET",
        () -> Reply.ok(RegistryOperations.mode(subject, r.flag("defaultToGlobal"))));
  }

  private static Reply when(String method, String expected, Supplier<Reply> answer) {
    if (!method.equals(expected)) {
      throw RegistryError.NOT_FOUND.failure();
    }
    return answer.get();
  }

  private static void requireSegment(List<String> p, int index, String expected) {
    if (!p.get(index).equals(expected)) {
      throw RegistryError.NOT_FOUND.failure();
    }
  }

  private static int id(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw RegistryError.SCHEMA_NOT_FOUND.failure();
    }
  }

  /**
   * The body of a register, lookup or compatibility request, as Confluent's {@code
   * RegisterSchemaRequest}.
   */
  private static RegistryOperations.Submitted submitted(Request r) {
    JsonNode body = json(r.body());
    if (!body.path("schema").isTextual()) {
      throw RegistryError.INVALID_SCHEMA.failure("Empty schema");
    }
    List<RegisteredSchemas.Reference> references = new ArrayList<>();
    for (JsonNode ref : body.path("references")) {
      if (!ref.path("name").isTextual()
          || !ref.path("subject").isTextual()
          || !ref.path("version").canConvertToInt()) {
        throw RegistryError.INVALID_SCHEMA.failure(
            "Invalid schema: a reference needs a name, a subject and a version," + " not " + ref);
      }
      references.add(
          new RegisteredSchemas.Reference(
              ref.path("name").asText(),
              ref.path("subject").asText(),
              ref.path("version").asInt()));
    }
    return new RegistryOperations.Submitted(
        body.path("schema").asText(),
        body.path("schemaType").asText(RegistryOperations.AVRO),
        references);
  }

  private static JsonNode json(String body) {
    try {
      JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw RegistryError.UNPARSEABLE_BODY.failure(
            "Unrecognized request body: expected a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw RegistryError.UNPARSEABLE_BODY.failure("Unrecognized request body: " + e.getMessage());
    }
  }

  /** The query string's parameters, decoded; a name without a value counts as empty. */
  static Map<String, String> query(String rawQuery, UnaryOperator<String> decode) {
    Map<String, String> out = new HashMap<>();
    if (rawQuery != null) {
      Arrays.stream(rawQuery.split("&"))
          .filter(s -> !s.isEmpty())
          .forEach(
              pair -> {
                int eq = pair.indexOf('=');
                out.put(
                    decode.apply(eq < 0 ? pair : pair.substring(0, eq)),
                    eq < 0 ? "" : decode.apply(pair.substring(eq + 1)));
              });
    }
    return out;
  }
}

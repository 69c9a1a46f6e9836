package org.blendstream.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.function.Supplier;

/**
 * Calls a registry's REST API as a client would, and compares answers with Confluent's recorded
 * bodies.
 */
final class RegistryHttp {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonNode EXAMPLES = load();

  /** One answer: status and parsed body. */
  record Answer(int status, JsonNode body) {
    int errorCode() {
      return body.path("error_code").asInt();
    }

    String message() {
      return body.path("message").asText();
    }
  }

  private final Supplier<String> baseUrl;

  RegistryHttp(Supplier<String> baseUrl) {
    this.baseUrl = baseUrl;
  }

  Answer get(String path) {
    return send("GET", path, null);
  }

  Answer delete(String path) {
    return send("DELETE", path, null);
  }

  Answer post(String path, JsonNode body) {
    return send("POST", path, body);
  }

  Answer put(String path, JsonNode body) {
    return send("PUT", path, body);
  }

  /** POSTs {@code {"schema": text}}, the body of a register, lookup or compatibility call. */
  Answer postSchema(String path, String schema) {
    return post(path, schemaBody(schema));
  }

  static ObjectNode schemaBody(String schema) {
    return JSON.createObjectNode().put("schema", schema);
  }

  Answer send(String method, String path, JsonNode body) {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl.get() + path))
            .method(method, publisher)
            .header("Content-Type", EmbeddedSchemaRegistry.CONTENT_TYPE)
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(
          EmbeddedSchemaRegistry.CONTENT_TYPE,
          response.headers().firstValue("Content-Type").orElse(""));
      return new Answer(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A recorded Confluent example (see src/test/resources/registry/README.md): its request or
   * response.
   */
  static JsonNode example(String name, String part) {
    JsonNode node = EXAMPLES.path(name).path(part);
    assertTrue(!node.isMissingNode(), "no " + part + " recorded for " + name);
    return node;
  }

  /**
   * A 200 whose body has Confluent's shape for {@code example}: same field names at every level,
   * same JSON types.
   */
  static JsonNode assertShapedAs(String example, Answer answer) {
    assertEquals(200, answer.status(), () -> "HTTP " + answer.status() + " " + answer.body());
    assertSameShape(example(example, "response"), answer.body(), "$");
    return answer.body();
  }

  /** An error answer with Confluent's status, code and error body shape. */
  static Answer assertError(int status, int code, Answer answer) {
    assertEquals(status, answer.status(), () -> "body " + answer.body());
    assertEquals(code, answer.errorCode(), () -> "body " + answer.body());
    assertSameShape(example("subjectNotFound", "response"), answer.body(), "$");
    return answer;
  }

  static void assertSameShape(JsonNode expected, JsonNode actual, String at) {
    assertEquals(
        expected.getNodeType(),
        actual.getNodeType(),
        () -> at + ": expected " + expected + " but was " + actual);
    if (expected.isObject()) {
      assertEquals(fieldNames(expected), fieldNames(actual), () -> at + ": fields of " + actual);
      expected
          .fieldNames()
          .forEachRemaining(f -> assertSameShape(expected.get(f), actual.get(f), at + "." + f));
    } else if (expected.isArray() && expected.size() > 0) {
      for (int i = 0; i < actual.size(); i++) {
        assertSameShape(expected.get(0), actual.get(i), at + "[" + i + "]");
      }
    }
  }

  private static java.util.Set<String> fieldNames(JsonNode node) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static JsonNode load() {
    try (InputStream in =
        RegistryHttp.class.getResourceAsStream("/registry/confluent-examples.json")) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package org.blendstream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Client for the Confluent Schema Registry REST API, limited to what a serde needs: register a schema
 * under a subject and fetch a schema by id. Only those two endpoints are used, so it also works with
 * Apicurio's ccompat API, Redpanda and Karapace. Both directions are cached: ids are immutable.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<String, Integer> idBySubjectAndSchema = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

  public RestSchemaRegistryClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  @Override
  public int register(String subject, Schema schema) {
    String canonical = schema.toString();
    return idBySubjectAndSchema.computeIfAbsent(subject + '\0' + canonical, k -> {
      String body = JSON.createObjectNode().put("schema", canonical).toString();
      JsonNode reply = call(HttpRequest.newBuilder(uri("/subjects/" + encode(subject) + "/versions"))
          .POST(HttpRequest.BodyPublishers.ofString(body)), "register under " + subject);
      int id = reply.path("id").asInt(-1);
      if (id < 0) {
        throw new IllegalStateException("registry " + baseUrl + " answered without an id: " + reply);
      }
      schemaById.putIfAbsent(id, schema);
      return id;
    });
  }

  @Override
  public Schema getById(int id) {
    Schema cached = schemaById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode reply;
    try {
      reply = call(HttpRequest.newBuilder(uri("/schemas/ids/" + id)).GET(), "look up id " + id);
    } catch (RegistryHttpException e) {
      if (e.status == 404) {
        throw new UnknownSchemaException(id, "registry " + baseUrl + " has no such id");
      }
      throw e;
    }
    Schema schema = new Schema.Parser().parse(reply.path("schema").asText());
    schemaById.putIfAbsent(id, schema);
    return schema;
  }

  private JsonNode call(HttpRequest.Builder request, String what) {
    HttpResponse<String> response;
    try {
      response = http.send(request.header("Content-Type", CONTENT_TYPE).header("Accept", CONTENT_TYPE)
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("schema registry " + baseUrl + " unreachable (" + what + "): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling schema registry " + baseUrl, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new RegistryHttpException(response.statusCode(),
          "schema registry " + baseUrl + " refused to " + what + ": HTTP " + response.statusCode() + " " + response.body());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("schema registry " + baseUrl + " sent invalid JSON: " + response.body(), e);
    }
  }

  private URI uri(String path) {
    return URI.create(baseUrl + path);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static final class RegistryHttpException extends IllegalStateException {
    final int status;

    RegistryHttpException(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}

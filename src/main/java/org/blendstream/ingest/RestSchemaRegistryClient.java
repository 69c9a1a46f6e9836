package org.blendstream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client for the Confluent Schema Registry REST API, limited to what a serde needs: register a
 * schema under a subject and fetch a schema by id. Only those two endpoints are used, so it also
 * works with Apicurio's ccompat API, Redpanda and Karapace. Both directions are cached: ids are
 * immutable.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);

  /** One call's bound: a registry slower than this is asked again rather than waited on. */
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * How long a lookup holds its record, well inside the main consumer's max.poll.interval.ms (600
   * s): past it the stream thread is replaced and the record read again, so a registry outage holds
   * records for as long as it lasts.
   */
  static final Duration HOLD = Duration.ofSeconds(60);

  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;
  private static final AtomicLong LOOKUP_WAITS = new AtomicLong();

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<String, Integer> idBySubjectAndSchema = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

  public RestSchemaRegistryClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  @Override
  public int register(String subject, Schema schema) {
    String canonical = schema.toString();
    return idBySubjectAndSchema.computeIfAbsent(
        subject + '\0' + canonical,
        k -> {
          String body = JSON.createObjectNode().put("schema", canonical).toString();
          JsonNode reply =
              call(
                  HttpRequest.newBuilder(uri("/subjects/" + encode(subject) + "/versions"))
                      .POST(HttpRequest.BodyPublishers.ofString(body)),
                  "register under " + subject);
          int id = reply.path("id").asInt(-1);
          if (id < 0) {
            throw new IllegalStateException(
                "registry " + baseUrl + " answered without an id: " + reply);
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
    JsonNode reply = lookUpHoldingTheRecord(id);
    Schema schema = new Schema.Parser().parse(reply.path("schema").asText());
    schemaById.putIfAbsent(id, schema);
    return schema;
  }

  /**
   * A slow or unreachable registry is no fault of the record being read: the lookup is tried again
   * with backoff, the record held meanwhile, and each wait counted ({@link #lookupWaits()}). Only
   * after {@link #HOLD} does it give up with {@link RegistryUnavailableException}, which the
   * deserialization handler does not dead-letter (the stream thread is replaced and reads the
   * record again). An id the registry answers 404 for is the record's fault.
   */
  private JsonNode lookUpHoldingTheRecord(int id) {
    long start = System.nanoTime();
    long backoffMs = FIRST_BACKOFF_MS;
    for (int attempt = 1; ; attempt++) {
      try {
        JsonNode reply =
            call(HttpRequest.newBuilder(uri("/schemas/ids/" + id)).GET(), "look up id " + id);
        if (attempt > 1) {
          LOG.info(
              "schema registry {} answered the lookup of id {} after {} attempts",
              baseUrl,
              id,
              attempt);
        }
        return reply;
      } catch (RegistryHttpException e) {
        if (e.status == 404) {
          throw new UnknownSchemaException(id, "registry " + baseUrl + " has no such id");
        }
        if (!retriable(e.status)) {
          throw e;
        }
        backoffMs = waitOrGiveUp(id, start, backoffMs, attempt, e);
      } catch (Unreachable e) {
        backoffMs = waitOrGiveUp(id, start, backoffMs, attempt, e);
      }
    }
  }

  private long waitOrGiveUp(
      int id, long start, long backoffMs, int attempt, RuntimeException cause) {
    long heldMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (heldMs + backoffMs > HOLD.toMillis()) {
      throw new RegistryUnavailableException(
          "schema registry "
              + baseUrl
              + " did not answer the lookup of id "
              + id
              + " in "
              + heldMs
              + " ms ("
              + attempt
              + " attempts): "
              + cause.getMessage(),
          cause);
    }
    if (attempt == 1) {
      LOG.warn(
          "schema registry {} did not answer the lookup of id {} ({}); holding the record and"
              + " trying again",
          baseUrl,
          id,
          cause.getMessage());
    }
    LOOKUP_WAITS.incrementAndGet();
    try {
      Thread.sleep(backoffMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException(
          "interrupted while waiting for schema registry " + baseUrl, e);
    }
    return Math.min(backoffMs * 2, MAX_BACKOFF_MS);
  }

  /** Timeouts, overload and server errors pass; a client error (400, 401, 403, ...) will not. */
  private static boolean retriable(int status) {
    return status == 408 || status == 429 || status / 100 == 5;
  }

  /** Lookups that waited for the registry since this process started, over every client. */
  public static long lookupWaits() {
    return LOOKUP_WAITS.get();
  }

  /**
   * The waits as a meter: process-wide, as the clients are (one per URL, shared by every serde).
   */
  public static void bindLookupWaits(MeterRegistry registry) {
    FunctionCounter.builder("blendstream.schema.lookup.waits", LOOKUP_WAITS, AtomicLong::get)
        .description(
            "Schema lookups that waited for a slow or unreachable registry, holding their record")
        .register(registry);
  }

  private JsonNode call(HttpRequest.Builder request, String what) {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request
                  .header("Content-Type", CONTENT_TYPE)
                  .header("Accept", CONTENT_TYPE)
                  .timeout(ATTEMPT_TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Unreachable("schema registry " + baseUrl + " unreachable (" + what + "): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling schema registry " + baseUrl, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new RegistryHttpException(
          response.statusCode(),
          "schema registry "
              + baseUrl
              + " refused to "
              + what
              + ": HTTP "
              + response.statusCode()
              + " "
              + response.body());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          "schema registry " + baseUrl + " sent invalid JSON: " + response.body(), e);
    }
  }

  private URI uri(String path) {
    return URI.create(baseUrl + path);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** No answer at all: refused, reset or timed out. */
  static final class Unreachable extends IllegalStateException {
    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static final class RegistryHttpException extends IllegalStateException {
    final int status;

    RegistryHttpException(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}

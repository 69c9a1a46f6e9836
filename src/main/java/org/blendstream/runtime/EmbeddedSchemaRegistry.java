package org.blendstream.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry that speaks the subset of Confluent's REST API that serializers and the usual
 * tools use, so that the embedded mode needs no second download. State is rebuilt on start from the
 * {@code _schemas} topic of the broker it is given; that is what keeps ids stable across restarts.
 * Avro only, no compatibility checks, no deletes.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String bootstrapServers;
  private int port;
  private final Object lock = new Object();
  private RegisteredSchemas state;
  private boolean logUncertain;
  private SchemaLog log;
  private HttpServer http;
  private ExecutorService workers;

  /** A registry backed by the broker at {@code bootstrapServers}; port 0 picks a free one on first start and keeps it. */
  public EmbeddedSchemaRegistry(String bootstrapServers, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 (pick a free one) or 1..65535, was " + port);
    }
    this.bootstrapServers = bootstrapServers;
    this.port = port;
  }

  /** Replays {@code _schemas}, then starts serving; returns once requests are accepted. */
  public synchronized EmbeddedSchemaRegistry start() {
    if (http != null) {
      throw new IllegalStateException("schema registry on port " + port + " is already running");
    }
    SchemaLog newLog = new SchemaLog(bootstrapServers);
    int subjects;
    try {
      RegisteredSchemas replayed = replay(newLog);
      subjects = replayed.subjects().size();
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      AtomicInteger threadNo = new AtomicInteger();
      workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "schema-registry-http-" + threadNo.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(workers);
      server.createContext("/", this::handle);
      synchronized (lock) {
        state = replayed;
        log = newLog;
        logUncertain = false;
      }
      server.start();
      http = server;
      port = server.getAddress().getPort();
    } catch (IOException | RuntimeException e) {
      newLog.close();
      if (workers != null) {
        workers.shutdownNow();
      }
      throw new IllegalStateException("embedded schema registry did not start on 127.0.0.1:" + port + ": " + e, e);
    }
    LOG.info("Embedded schema registry serving {} ({} subjects replayed from {})", url(), subjects, SchemaLog.TOPIC);
    return this;
  }

  private static RegisteredSchemas replay(SchemaLog log) {
    RegisteredSchemas replayed = new RegisteredSchemas();
    log.replay(replayed::apply);
    return replayed;
  }

  public String url() {
    if (port == 0) {
      throw new IllegalStateException("the schema registry has not started yet, so it has no port");
    }
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public synchronized void close() {
    if (http == null) {
      return;
    }
    http.stop(0);
    http = null;
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      log.close();
      log = null;
      state = null;
    }
    LOG.debug("Embedded schema registry on 127.0.0.1:{} stopped", port);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Reply reply;
      try {
        reply = route(exchange.getRequestMethod(), segments(exchange.getRequestURI().getRawPath()), exchange);
      } catch (RuntimeException e) {
        LOG.warn("Schema registry request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        reply = Reply.error(500, 50001, "Error in the backend data store: " + e.getMessage());
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(reply.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private Reply route(String method, List<String> path, HttpExchange exchange) throws IOException {
    boolean get = method.equals("GET");
    boolean post = method.equals("POST");
    int n = path.size();
    if (n == 0 && get) {
      return Reply.ok("{}");
    }
    if (n == 3 && get && path.get(0).equals("schemas") && path.get(1).equals("ids")) {
      return schemaById(path.get(2));
    }
    if (n >= 1 && path.get(0).equals("subjects")) {
      if (n == 1 && get) {
        return subjects();
      }
      if (n == 2 && post) {
        return lookup(path.get(1), readSchema(exchange));
      }
      if (n == 3 && path.get(2).equals("versions")) {
        if (post) {
          return register(path.get(1), readSchema(exchange));
        }
        if (get) {
          return versions(path.get(1));
        }
      }
      if (n == 4 && get && path.get(2).equals("versions")) {
        return version(path.get(1), path.get(3));
      }
    }
    return Reply.error(404, 404, "HTTP 404 Not Found");
  }

  private Reply schemaById(String idText) {
    Optional<String> schema;
    try {
      int id = Integer.parseInt(idText);
      synchronized (lock) {
        schema = state.schema(id);
      }
    } catch (NumberFormatException e) {
      schema = Optional.empty();
    }
    return schema.map(s -> Reply.ok(JSON.createObjectNode().put("schema", s)))
        .orElseGet(EmbeddedSchemaRegistry::schemaNotFound);
  }

  private Reply subjects() {
    synchronized (lock) {
      return Reply.ok(JSON.valueToTree(state.subjects()));
    }
  }

  private Reply versions(String subject) {
    List<RegisteredSchemas.Entry> versions;
    synchronized (lock) {
      versions = state.versions(subject);
    }
    if (versions.isEmpty()) {
      return subjectNotFound(subject);
    }
    return Reply.ok(JSON.valueToTree(versions.stream().map(RegisteredSchemas.Entry::version).toList()));
  }

  private Reply version(String subject, String versionText) {
    List<RegisteredSchemas.Entry> versions;
    synchronized (lock) {
      versions = state.versions(subject);
    }
    if (versions.isEmpty()) {
      return subjectNotFound(subject);
    }
    if (versionText.equals("latest") || versionText.equals("-1")) {
      return Reply.ok(entryJson(versions.get(versions.size() - 1)));
    }
    int version;
    try {
      version = Integer.parseInt(versionText);
    } catch (NumberFormatException e) {
      version = 0;
    }
    if (version < 1) {
      return Reply.error(422, 42202, "The specified version '" + versionText
          + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }
    int wanted = version;
    return versions.stream().filter(e -> e.version() == wanted).findFirst()
        .map(e -> Reply.ok(entryJson(e)))
        .orElseGet(() -> Reply.error(404, 40402, "Version " + wanted + " not found."));
  }

  private Reply lookup(String subject, SchemaText schema) {
    if (schema.error() != null) {
      return schema.error();
    }
    synchronized (lock) {
      if (state.versions(subject).isEmpty()) {
        return subjectNotFound(subject);
      }
      return state.find(subject, schema.text()).map(e -> Reply.ok(entryJson(e)))
          .orElseGet(EmbeddedSchemaRegistry::schemaNotFound);
    }
  }

  /** Decides, writes to the log, and only then applies and answers: an id a client saw is always durable. */
  private Reply register(String subject, SchemaText schema) {
    if (schema.error() != null) {
      return schema.error();
    }
    synchronized (lock) {
      if (logUncertain) {
        state = replay(log);
        logUncertain = false;
      }
      RegisteredSchemas.Decision decision = state.decide(subject, schema.text());
      if (decision.isNew()) {
        try {
          log.append(decision.entry());
        } catch (RuntimeException e) {
          // A timed-out write may still land in the log; deciding the next id from memory could then
          // give one id to two schemas, so the next registration first re-reads the log.
          logUncertain = true;
          throw e;
        }
        state.apply(decision.entry());
        LOG.debug("Registered schema id {} as version {} of subject {}", decision.entry().id(),
            decision.entry().version(), subject);
      }
      return Reply.ok(JSON.createObjectNode().put("id", decision.entry().id()));
    }
  }

  /** The request's schema in the one normal form ids are keyed by, or the error reply for a bad request. */
  private static SchemaText readSchema(HttpExchange exchange) throws IOException {
    JsonNode body;
    try (InputStream in = exchange.getRequestBody()) {
      body = JSON.readTree(in);
    } catch (IOException e) {
      return SchemaText.invalid(Reply.error(400, 400, "Unrecognized request body: " + e.getMessage()));
    }
    if (body == null || !body.path("schema").isTextual()) {
      return SchemaText.invalid(Reply.error(422, 42201, "Invalid schema: the request body has no \"schema\" string"));
    }
    String type = body.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      return SchemaText.invalid(Reply.error(422, 42201, "Invalid schema: only AVRO is supported, not " + type));
    }
    if (body.path("references").size() > 0) {
      return SchemaText.invalid(Reply.error(422, 42201, "Invalid schema: schema references are not supported"));
    }
    try {
      return new SchemaText(new Schema.Parser().parse(body.path("schema").asText()).toString(), null);
    } catch (RuntimeException e) {
      // Avro reports some invalid schemas (an unknown type name) with exceptions other than SchemaParseException.
      return SchemaText.invalid(Reply.error(422, 42201, "Invalid schema: " + e.getMessage()));
    }
  }

  private record SchemaText(String text, Reply error) {
    static SchemaText invalid(Reply error) {
      return new SchemaText(null, error);
    }
  }

  private static ObjectNode entryJson(RegisteredSchemas.Entry e) {
    return JSON.createObjectNode().put("subject", e.subject()).put("version", e.version())
        .put("id", e.id()).put("schema", e.schema());
  }

  private static Reply schemaNotFound() {
    return Reply.error(404, 40403, "Schema not found");
  }

  private static Reply subjectNotFound(String subject) {
    return Reply.error(404, 40401, "Subject '" + subject + "' not found.");
  }

  private static List<String> segments(String rawPath) {
    return Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty())
        .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
  }

  private record Reply(int status, String body) {
    static Reply ok(String json) {
      return new Reply(200, json);
    }

    static Reply ok(JsonNode json) {
      return new Reply(200, json.toString());
    }

    static Reply error(int status, int code, String message) {
      return new Reply(status, JSON.createObjectNode().put("error_code", code).put("message", message).toString());
    }
  }
}

package org.blendstream.runtime;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry that speaks Confluent's REST API (schemas, subjects, versions, soft and permanent deletes,
 * references, compatibility with enforced levels, config, mode), so that the embedded mode needs no second
 * download and third-party clients work with their default options. Avro only. State is rebuilt on start from
 * the {@code _schemas} topic of the broker it is given; that is what keeps ids stable across restarts.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  /** The default bind address: only this machine reaches it. A container binds 0.0.0.0. */
  public static final String LOOPBACK = "127.0.0.1";
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

  private final String bootstrapServers;
  private final String bindAddress;
  private int port;
  private SchemaLog log;
  private RegistryRoutes routes;
  private HttpServer http;
  private ExecutorService workers;

  /** A registry on the loopback address; port 0 picks a free one on first start and keeps it. */
  public EmbeddedSchemaRegistry(String bootstrapServers, int port) {
    this(bootstrapServers, LOOPBACK, port);
  }

  /** A registry that listens on {@code bindAddress} (an IP or host name of this machine, or 0.0.0.0 for all). */
  public EmbeddedSchemaRegistry(String bootstrapServers, String bindAddress, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 (pick a free one) or 1..65535, was " + port);
    }
    this.bootstrapServers = bootstrapServers;
    this.bindAddress = bindAddress;
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
      RegisteredSchemas replayed = new RegisteredSchemas();
      newLog.replay(replayed::apply);
      subjects = replayed.subjects(false).size();
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 50);
      AtomicInteger threadNo = new AtomicInteger();
      workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "schema-registry-http-" + threadNo.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(workers);
      server.createContext("/", this::handle);
      log = newLog;
      routes = new RegistryRoutes(new RegistryOperations(newLog, replayed));
      server.start();
      http = server;
      port = server.getAddress().getPort();
    } catch (IOException | RuntimeException e) {
      newLog.close();
      if (workers != null) {
        workers.shutdownNow();
      }
      throw new IllegalStateException("embedded schema registry did not start on " + bindAddress + ":" + port + ": " + e, e);
    }
    LOG.info("Embedded schema registry serving {} on {} ({} subjects replayed from {})", url(), bindAddress, subjects,
        SchemaLog.TOPIC);
    return this;
  }

  /** Where a client on this machine reaches it: the bind address, or loopback when bound to every address. */
  public String url() {
    if (port == 0) {
      throw new IllegalStateException("the schema registry has not started yet, so it has no port");
    }
    try {
      InetAddress bound = InetAddress.getByName(bindAddress);
      String host = bound.isAnyLocalAddress() ? LOOPBACK
          : bound.getHostAddress().contains(":") ? "[" + bound.getHostAddress() + "]" : bound.getHostAddress();
      return "http://" + host + ":" + port;
    } catch (IOException e) {
      throw new IllegalStateException("bind address " + bindAddress + " does not resolve", e);
    }
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
    log.close();
    log = null;
    routes = null;
    LOG.debug("Embedded schema registry on {}:{} stopped", bindAddress, port);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      RegistryRoutes.Reply reply;
      try {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
          body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        reply = routes.route(new RegistryRoutes.Request(exchange.getRequestMethod(),
            segments(exchange.getRequestURI().getRawPath()),
            RegistryRoutes.query(exchange.getRequestURI().getRawQuery(), EmbeddedSchemaRegistry::decode), body));
      } catch (RuntimeException e) {
        LOG.warn("Schema registry request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        reply = RegistryRoutes.Reply.error(RegistryError.STORE_ERROR.failure("Error in the backend data store: " + e));
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(reply.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static List<String> segments(String rawPath) {
    return Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty()).map(EmbeddedSchemaRegistry::decode).toList();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}

package org.blendstream.runtime.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry that speaks Confluent's REST API (schemas, subjects, versions, soft and
 * permanent deletes, references, compatibility with enforced levels, config, mode), so that the
 * embedded mode needs no second download and third-party clients work with their default options.
 * Avro only. State is rebuilt on start from the {@code _schemas} topic of the broker it is given;
 * that is what keeps ids stable across restarts.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  /** The default bind address: only this machine reaches it. A container binds 0.0.0.0. */
  public static final String LOOPBACK = "127.0.0.1";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

  /**
   * Largest request body: twice the largest {@code _schemas} record ({@link
   * SchemaLog#MAX_RECORD_BYTES}, the 1 MiB producer limit Confluent's registry writes under too),
   * room for a schema's JSON escaping. Larger: 413.
   */
  static final int MAX_BODY_BYTES = 2 * SchemaLog.MAX_RECORD_BYTES;

  /**
   * Workers, each serving one connection; a request must arrive whole within {@link #READ_TIMEOUT}
   * of its first byte, so that clients trickling bytes hold a worker for that long at most, and the
   * rest keep answering.
   */
  static final int WORKERS = 16;

  static final java.time.Duration READ_TIMEOUT = java.time.Duration.ofSeconds(10);

  private final String bootstrapServers;
  private final String bindAddress;
  private int port;
  private SchemaLog log;
  private RegistryRoutes routes;
  private RegistryHttpServer http;

  /** A registry on the loopback address; port 0 picks a free one on first start and keeps it. */
  public EmbeddedSchemaRegistry(String bootstrapServers, int port) {
    this(bootstrapServers, LOOPBACK, port);
  }

  /**
   * A registry that listens on {@code bindAddress} (an IP or host name of this machine, or 0.0.0.0
   * for all).
   */
  public EmbeddedSchemaRegistry(String bootstrapServers, String bindAddress, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "port must be 0 (pick a free one) or 1..65535, was " + port);
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
    RegistryHttpServer server = null;
    try {
      RegisteredSchemas replayed = new RegisteredSchemas();
      newLog.replay(replayed::apply);
      subjects = replayed.subjects(false).size();
      RegistryRoutes newRoutes = new RegistryRoutes(new RegistryOperations(newLog, replayed));
      server =
          new RegistryHttpServer(
              new InetSocketAddress(InetAddress.getByName(bindAddress), port),
              WORKERS,
              READ_TIMEOUT,
              MAX_BODY_BYTES,
              request -> handle(newRoutes, request));
      server.start();
      log = newLog;
      routes = newRoutes;
      http = server;
      port = server.port();
    } catch (IOException | RuntimeException e) {
      newLog.close();
      if (server != null) {
        server.close();
      }
      throw new IllegalStateException(
          "embedded schema registry did not start on " + bindAddress + ":" + port + ": " + e, e);
    }
    LOG.info(
        "Embedded schema registry serving {} on {} ({} subjects replayed from {})",
        url(),
        bindAddress,
        subjects,
        SchemaLog.TOPIC);
    return this;
  }

  /**
   * Where a client on this machine reaches it: the bind address, or loopback when bound to every
   * address.
   */
  public String url() {
    if (port == 0) {
      throw new IllegalStateException("the schema registry has not started yet, so it has no port");
    }
    try {
      InetAddress bound = InetAddress.getByName(bindAddress);
      String host =
          bound.isAnyLocalAddress()
              ? LOOPBACK
              : bound.getHostAddress().contains(":")
                  ? "[" + bound.getHostAddress() + "]"
                  : bound.getHostAddress();
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
    http.close();
    http = null;
    log.close();
    log = null;
    routes = null;
    LOG.debug("Embedded schema registry on {}:{} stopped", bindAddress, port);
  }

  private static RegistryHttpServer.Answer handle(
      RegistryRoutes routes, RegistryHttpServer.Request request) {
    RegistryRoutes.Reply reply;
    try {
      List<String> path;
      java.util.Map<String, String> query;
      try {
        path = segments(request.rawPath());
        query = RegistryRoutes.query(request.rawQuery(), EmbeddedSchemaRegistry::decode);
      } catch (IllegalArgumentException e) {
        return RegistryHttpServer.error(
            400, 400, "Bad Request: malformed percent-encoding in the request URI");
      }
      reply =
          routes.route(new RegistryRoutes.Request(request.method(), path, query, request.body()));
    } catch (RuntimeException e) {
      LOG.warn(
          "Schema registry request {} {} failed",
          request.method(),
          RegistryError.abbreviate(request.rawPath()),
          e);
      reply =
          RegistryRoutes.Reply.error(
              RegistryError.STORE_ERROR.failure("Error in the backend data store: " + e));
    }
    return new RegistryHttpServer.Answer(reply.status(), reply.body());
  }

  private static List<String> segments(String rawPath) {
    return Arrays.stream(rawPath.split("/"))
        .filter(s -> !s.isEmpty())
        .map(EmbeddedSchemaRegistry::decode)
        .toList();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}

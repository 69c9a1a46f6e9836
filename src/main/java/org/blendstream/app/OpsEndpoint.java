package org.blendstream.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.streams.KafkaStreams;
import org.blendstream.BlendConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small HTTP server beside a running {@link BlendApp}: {@code /metrics} (Prometheus text of the
 * app's meters, the Kafka Streams and admin client metrics and the JVM's), {@code /health/live} and
 * {@code /health/ready}. {@code run} and {@code demo} start it when {@code metrics.enabled}; a test
 * that uses BlendApp directly starts it only if it wants it, so no test binds the default port by
 * accident.
 */
public final class OpsEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpsEndpoint.class);

  /**
   * Streams adds task and store metrics as tasks are assigned; the binders look for new ones this
   * often.
   */
  private static final Duration REFRESH = Duration.ofSeconds(5);

  /**
   * The assembler's counters are also read this often, so that a restart loses little of them
   * (AssemblyMeters).
   */
  private static final Duration ASSEMBLY_REFRESH = Duration.ofSeconds(1);

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final BlendApp app;
  private final PrometheusMeterRegistry registry;
  private final Bounds bounds;
  private final ScheduledExecutorService binderRefresh;
  private final ExecutorService requests;
  private final Map<String, KafkaStreams> apps = new java.util.concurrent.ConcurrentSkipListMap<>();
  private final Map<String, StreamsBinding> streamsBinders = new ConcurrentHashMap<>();
  private final AssemblyMeters assemblyMeters;
  private final List<AutoCloseable> binders = new ArrayList<>();
  private final HttpServer server;

  private OpsEndpoint(BlendConfig config, BlendApp app, PrometheusMeterRegistry registry) {
    this.app = app;
    this.registry = registry;
    this.bounds = Bounds.of(config);
    this.binderRefresh =
        Executors.newSingleThreadScheduledExecutor(daemon("blendstream-metrics-refresh"));
    this.assemblyMeters = new AssemblyMeters(registry);
    binderRefresh.scheduleWithFixedDelay(
        () -> {
          try {
            assemblyMeters.refresh();
          } catch (RuntimeException e) {
            LOG.debug("refreshing the assembler's meters failed; trying again in {}", REFRESH, e);
          }
        },
        ASSEMBLY_REFRESH.toMillis(),
        ASSEMBLY_REFRESH.toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
    this.requests = Executors.newFixedThreadPool(2, daemon("blendstream-ops-http"));
    try {
      server =
          HttpServer.create(
              new InetSocketAddress(config.metricsBindAddress(), config.metricsPort()), 16);
    } catch (BindException e) {
      close();
      throw new IllegalStateException(
          "cannot serve metrics on "
              + config.metricsBindAddress()
              + ":"
              + config.metricsPort()
              + " ("
              + e.getMessage()
              + "): -D "
              + BlendConfig.METRICS_PORT
              + "=0 picks a free"
              + " port, -D "
              + BlendConfig.METRICS_ENABLED
              + "=false turns the endpoint off",
          e);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    }
    server.setExecutor(requests);
    server.createContext("/", this::handle);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Binds the app's Kafka Streams apps (again whenever one is replaced), its admin client and the
   * JVM, and starts serving on {@code metrics.bind.address}:{@code metrics.port}.
   */
  public static OpsEndpoint start(BlendConfig config, BlendApp app) {
    if (!(app.metrics().registry() instanceof PrometheusMeterRegistry prometheus)) {
      throw new IllegalArgumentException(
          "the app's meters are not Prometheus ones: " + app.metrics().registry());
    }
    OpsEndpoint ops = new OpsEndpoint(config, app, prometheus);
    ops.bindProcess();
    app.streamsByApp().forEach(ops::bindStreams);
    app.onStreamsReplaced(ops::bindStreams);
    ops.server.start();
    LOG.debug(
        "metrics and health on {}", ops.metricsUrl()); // run and demo print it on their own output
    return ops;
  }

  private void bindProcess() {
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    binders.add(gc);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    if (app.admin() instanceof AdminClient admin) {
      KafkaClientMetrics adminMetrics =
          new KafkaClientMetrics(admin, Tags.of("app", "admin"), binderRefresh, REFRESH);
      adminMetrics.bindTo(registry);
      binders.add(adminMetrics);
    }
    // The probe that tells the assembler how far it has read; while it fails, closing sets wait out
    // their grace.
    Gauge.builder("blendstream.frontier.probe.age", this, o -> o.probeAgeMs() / 1000.0)
        .baseUnit("seconds")
        .description(
            "Time since the assembler's input probe last answered; NaN before it first did")
        .register(registry);
  }

  /**
   * The app's current KafkaStreams under this name. The replaced one's binder is closed first, with
   * its own refresh: Micrometer does not stop a binder's refresh on a scheduler it was given, and
   * the new app's meters have the old one's ids (same thread ids), so a binder left running, or one
   * closed after the new bind, removes or shadows them.
   */
  private synchronized void bindStreams(String name, KafkaStreams streams) {
    apps.put(name, streams);
    StreamsBinding old = streamsBinders.remove(name);
    if (old != null) {
      old.close();
    }
    ScheduledExecutorService refresh =
        Executors.newSingleThreadScheduledExecutor(daemon("blendstream-metrics-refresh-" + name));
    KafkaStreamsMetrics binder =
        new KafkaStreamsMetrics(streams, Tags.of("app", name), refresh, REFRESH);
    binder.bindTo(registry);
    streamsBinders.put(name, new StreamsBinding(binder, refresh));
    if (BlendTopology.ASSEMBLY_APP.equals(name)) {
      assemblyMeters.follow(streams);
    }
  }

  /** One app's binder and the refresh that only it uses. */
  private record StreamsBinding(KafkaStreamsMetrics binder, ScheduledExecutorService refresh) {
    void close() {
      refresh.shutdownNow();
      binder.close();
    }
  }

  /** Where Prometheus scrapes; the health paths are beside it. */
  public URI metricsUrl() {
    InetSocketAddress at = server.getAddress();
    String host =
        at.getAddress().isAnyLocalAddress() ? "127.0.0.1" : at.getAddress().getHostAddress();
    return URI.create(
        "http://"
            + (host.contains(":") ? "[" + host + "]" : host)
            + ":"
            + at.getPort()
            + "/metrics");
  }

  private double probeAgeMs() {
    long at = app.frontierObservedAt();
    return at == Long.MIN_VALUE ? Double.NaN : System.currentTimeMillis() - at;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "text/plain; charset=utf-8", "GET only\n");
        return;
      }
      switch (exchange.getRequestURI().getPath()) {
        case "/metrics" -> respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
        case "/health/live" -> {
          Health h = health();
          respond(exchange, h.live() ? 200 : 503, "application/json", h.json());
        }
        case "/health/ready" -> {
          Health h = health();
          respond(exchange, h.ready() ? 200 : 503, "application/json", h.json());
        }
        default ->
            respond(
                exchange,
                404,
                "text/plain; charset=utf-8",
                "/metrics, /health/live, /health/ready\n");
      }
    } catch (RuntimeException e) {
      LOG.warn("ops request {} failed", exchange.getRequestURI(), e);
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  Health health() {
    Map<String, KafkaStreams.State> states = new LinkedHashMap<>();
    apps.forEach((name, streams) -> states.put(name, streams.state()));
    long now = System.currentTimeMillis();
    double age = probeAgeMs();
    return Health.of(
        states,
        Double.isNaN(age) ? null : (long) age,
        failingFor(app.adminReachedAt(), now),
        now - app.startedAt(),
        app.threadsReplaced(),
        app.refusedTopics(),
        bounds);
  }

  /** How long since {@code reachedAt} (epoch ms), or null if it never happened. */
  private static Long failingFor(long reachedAt, long now) {
    return reachedAt == Long.MIN_VALUE ? null : now - reachedAt;
  }

  /**
   * How long the broker may be out of reach before the health paths say so: {@code
   * assembly.catchup.ms} marks the probe as failing, {@code health.stall.ready.ms} fails readiness,
   * {@code health.stall.live.ms} liveness.
   */
  record Bounds(long catchupMs, long readyMs, long liveMs) {
    static Bounds of(BlendConfig config) {
      return new Bounds(
          config.assemblyCatchupMs(), config.healthStallReadyMs(), config.healthStallLiveMs());
    }
  }

  /**
   * What the health paths answer, from the apps' states and how long the broker has been out of
   * reach.
   *
   * <p>Live fails for an app in ERROR or PENDING_ERROR (a replaced stream thread is the app healing
   * itself, and NOT_RUNNING or PENDING_SHUTDOWN is a close the process asked for: shutting down, or
   * the assembly app being replaced over new candidate topics), and once the input probe or the
   * admin client has failed for longer than {@code health.stall.live.ms}, so that an orchestrator
   * restarts an instance that stays cut off. Ready requires every app this process runs to be
   * RUNNING (REBALANCING and restoring answer 503, as Kafka's convention has it) and the probe and
   * admin client to have answered within {@code health.stall.ready.ms}: a Kafka Streams app stays
   * RUNNING while its broker is gone, so its state alone said UP through a 200 s stall. A probe
   * that never answered counts from the app's start. {@code problems} says why an answer is not
   * 200.
   */
  record Health(boolean live, boolean ready, String json) {

    /**
     * @param probeAgeMs since the input probe last answered; null if it never did
     * @param adminAgeMs since the admin client last reached the broker; null if it never did
     * @param upMs since the app started
     */
    static Health of(
        Map<String, KafkaStreams.State> states,
        Long probeAgeMs,
        Long adminAgeMs,
        long upMs,
        int threadsReplaced,
        java.util.Set<String> refusedTopics,
        Bounds bounds) {
      List<String> problems = new ArrayList<>();
      boolean live = true;
      boolean ready = !states.isEmpty();
      for (Map.Entry<String, KafkaStreams.State> e : states.entrySet()) {
        KafkaStreams.State state = e.getValue();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR) {
          live = false;
        }
        if (state != KafkaStreams.State.RUNNING) {
          ready = false;
          problems.add("app " + e.getKey() + " is " + state);
        }
      }
      boolean probes =
          states.containsKey(
              BlendTopology.ASSEMBLY_APP); // only the assembly app's instance has one
      Map<String, Long> stalls = new LinkedHashMap<>();
      if (probes) {
        stalls.put("the input probe has not answered", probeAgeMs == null ? upMs : probeAgeMs);
      }
      stalls.put(
          "the admin client has not reached the broker", adminAgeMs == null ? upMs : adminAgeMs);
      for (Map.Entry<String, Long> stall : stalls.entrySet()) {
        if (stall.getValue() > bounds.liveMs()) {
          live = false;
          ready = false;
          problems.add(
              stall.getKey()
                  + " for "
                  + stall.getValue()
                  + " ms (health.stall.live.ms="
                  + bounds.liveMs()
                  + ")");
        } else if (stall.getValue() > bounds.readyMs()) {
          ready = false;
          problems.add(
              stall.getKey()
                  + " for "
                  + stall.getValue()
                  + " ms (health.stall.ready.ms="
                  + bounds.readyMs()
                  + ")");
        }
      }
      StringBuilder json =
          new StringBuilder("{\"status\":\"")
              .append(ready ? "UP" : live ? "NOT_READY" : "DOWN")
              .append("\",\"apps\":{");
      String sep = "";
      for (Map.Entry<String, KafkaStreams.State> e : states.entrySet()) {
        json.append(sep)
            .append('"')
            .append(e.getKey())
            .append("\":\"")
            .append(e.getValue())
            .append('"');
        sep = ",";
      }
      json.append("},\"threads_replaced\":").append(threadsReplaced);
      if (probes) {
        json.append(",\"input_probe\":{\"last_success_ms_ago\":")
            .append(probeAgeMs == null ? "null" : probeAgeMs)
            .append(",\"failing\":")
            .append(probeAgeMs == null || probeAgeMs > bounds.catchupMs())
            .append('}');
        // Candidate topics not read for their partition count: shown, not judged, as the other
        // topics are served.
        json.append(",\"refused_topics\":")
            .append(jsonStrings(refusedTopics.stream().sorted().toList()));
      }
      json.append(",\"problems\":").append(jsonStrings(problems)).append("}\n");
      return new Health(live, ready, json.toString());
    }

    /**
     * Our own phrases, app states and topic names: none holds a quote or a backslash, but escape
     * them anyway.
     */
    private static String jsonStrings(List<String> strings) {
      return strings.stream()
          .map(t -> '"' + t.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
          .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    requests.shutdownNow();
    streamsBinders.values().forEach(StreamsBinding::close);
    assemblyMeters.close();
    for (AutoCloseable binder : binders) {
      try {
        binder.close();
      } catch (Exception e) {
        LOG.debug("closing a metrics binder failed", e);
      }
    }
    binderRefresh.shutdownNow();
  }
}

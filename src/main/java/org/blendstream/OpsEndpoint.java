package org.blendstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small HTTP server beside a running {@link BlendApp}: {@code /metrics} (Prometheus text of the app's meters, the
 * Kafka Streams and admin client metrics and the JVM's), {@code /health/live} and {@code /health/ready}. {@code run}
 * and {@code demo} start it when {@code metrics.enabled}; a test that uses BlendApp directly starts it only if it
 * wants it, so no test binds the default port by accident.
 */
public final class OpsEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpsEndpoint.class);
  /** Streams adds task and store metrics as tasks are assigned; the binders look for new ones this often. */
  private static final Duration REFRESH = Duration.ofSeconds(5);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final BlendApp app;
  private final PrometheusMeterRegistry registry;
  private final long catchupMs;
  private final ScheduledExecutorService binderRefresh;
  private final ExecutorService requests;
  private final Map<String, KafkaStreams> apps = new java.util.concurrent.ConcurrentSkipListMap<>();
  private final Map<String, KafkaStreamsMetrics> streamsBinders = new ConcurrentHashMap<>();
  private final List<AutoCloseable> binders = new ArrayList<>();
  private final HttpServer server;

  private OpsEndpoint(BlendConfig config, BlendApp app, PrometheusMeterRegistry registry) {
    this.app = app;
    this.registry = registry;
    this.catchupMs = config.assemblyCatchupMs();
    this.binderRefresh = Executors.newSingleThreadScheduledExecutor(daemon("blendstream-metrics-refresh"));
    this.requests = Executors.newFixedThreadPool(2, daemon("blendstream-ops-http"));
    try {
      server = HttpServer.create(new InetSocketAddress(config.metricsBindAddress(), config.metricsPort()), 16);
    } catch (BindException e) {
      close();
      throw new IllegalStateException("cannot serve metrics on " + config.metricsBindAddress() + ":"
          + config.metricsPort() + " (" + e.getMessage() + "): -D " + BlendConfig.METRICS_PORT + "=0 picks a free"
          + " port, -D " + BlendConfig.METRICS_ENABLED + "=false turns the endpoint off", e);
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
   * Binds the app's Kafka Streams apps (again whenever one is replaced), its admin client and the JVM, and starts
   * serving on {@code metrics.bind.address}:{@code metrics.port}.
   */
  public static OpsEndpoint start(BlendConfig config, BlendApp app) {
    if (!(app.metrics().registry() instanceof PrometheusMeterRegistry prometheus)) {
      throw new IllegalArgumentException("the app's meters are not Prometheus ones: " + app.metrics().registry());
    }
    OpsEndpoint ops = new OpsEndpoint(config, app, prometheus);
    ops.bindProcess();
    app.streamsByApp().forEach(ops::bindStreams);
    app.onStreamsReplaced(ops::bindStreams);
    ops.server.start();
    LOG.debug("metrics and health on {}", ops.metricsUrl()); // run and demo print it on their own output
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
      KafkaClientMetrics adminMetrics = new KafkaClientMetrics(admin, Tags.of("app", "admin"), binderRefresh, REFRESH);
      adminMetrics.bindTo(registry);
      binders.add(adminMetrics);
    }
    // The probe that tells the assembler how far it has read; while it fails, closing sets wait out their grace.
    Gauge.builder("blendstream.frontier.probe.age", this, o -> o.probeAgeMs() / 1000.0).baseUnit("seconds")
        .description("Time since the assembler's input probe last answered; NaN before it first did")
        .register(registry);
  }

  /** The app's current KafkaStreams under this name; a replaced one's binder is closed and its meters removed. */
  private void bindStreams(String name, KafkaStreams streams) {
    apps.put(name, streams);
    KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams, Tags.of("app", name), binderRefresh, REFRESH);
    binder.bindTo(registry);
    KafkaStreamsMetrics old = streamsBinders.put(name, binder);
    if (old != null) {
      old.close();
      // The old app's meters were removed by its close; the new app's come back in at the next refresh
    }
  }

  /** Where Prometheus scrapes; the health paths are beside it. */
  public URI metricsUrl() {
    InetSocketAddress at = server.getAddress();
    String host = at.getAddress().isAnyLocalAddress() ? "127.0.0.1" : at.getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + at.getPort() + "/metrics");
  }

  private double probeAgeMs() {
    long at = app.frontierObservedAt();
    return at == Long.MIN_VALUE ? Double.NaN : System.currentTimeMillis() - at;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
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
        default -> respond(exchange, 404, "text/plain; charset=utf-8", "/metrics, /health/live, /health/ready\n");
      }
    } catch (RuntimeException e) {
      LOG.warn("ops request {} failed", exchange.getRequestURI(), e);
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
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
    double age = probeAgeMs();
    return Health.of(states, Double.isNaN(age) ? null : (long) age, catchupMs, app.threadsReplaced(),
        app.refusedTopics());
  }

  /**
   * What the health paths answer, from the apps' states alone.
   *
   * <p>Live fails only for an app in ERROR or PENDING_ERROR: a replaced stream thread is the app healing itself, and
   * NOT_RUNNING or PENDING_SHUTDOWN is a close the process asked for (shutting down, or the assembly app being
   * replaced over new candidate topics). Ready requires every app this process runs to be RUNNING, so REBALANCING and
   * restoring answer 503, as Kafka's convention has it. The input probe's age is shown, not judged: a probe that fails
   * (an ACL on the group's offsets, say) delays deadline sets by their grace but loses nothing.
   */
  record Health(boolean live, boolean ready, String json) {

    static Health of(Map<String, KafkaStreams.State> states, Long probeAgeMs, long catchupMs, int threadsReplaced,
                     java.util.Set<String> refusedTopics) {
      boolean live = states.values().stream()
          .noneMatch(s -> s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR);
      boolean ready = !states.isEmpty() && states.values().stream().allMatch(s -> s == KafkaStreams.State.RUNNING);
      StringBuilder json = new StringBuilder("{\"status\":\"").append(ready ? "UP" : live ? "NOT_READY" : "DOWN")
          .append("\",\"apps\":{");
      String sep = "";
      for (Map.Entry<String, KafkaStreams.State> e : states.entrySet()) {
        json.append(sep).append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
        sep = ",";
      }
      json.append("},\"threads_replaced\":").append(threadsReplaced);
      if (states.containsKey(BlendTopology.ASSEMBLY_APP)) { // only the assembly app's instance probes its input
        json.append(",\"input_probe\":{\"last_success_ms_ago\":").append(probeAgeMs == null ? "null" : probeAgeMs)
            .append(",\"failing\":").append(probeAgeMs == null || probeAgeMs > catchupMs).append('}');
        // Candidate topics not read for their partition count: shown, not judged, as the other topics are served.
        json.append(",\"refused_topics\":[").append(String.join(",", refusedTopics.stream().sorted()
            .map(t -> '"' + t + '"').toList())).append(']');
      }
      json.append("}\n");
      return new Health(live, ready, json.toString());
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    requests.shutdownNow();
    streamsBinders.values().forEach(KafkaStreamsMetrics::close);
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

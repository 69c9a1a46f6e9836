package org.blendstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.blendstream.BlendConfig;
import org.blendstream.app.BlendApp;
import org.blendstream.app.OpsEndpoint;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the pipeline until stopped (SIGTERM, Ctrl-C or {@link #stop()}): embedded unless a cluster
 * and registry are given.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run the blending pipeline (embedded broker and registry unless --bootstrap-servers and"
            + " --schema-registry are given).")
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConfigOptions options;

  @Option(
      names = "--role",
      paramLabel = "all|assemble|rank",
      description =
          "Run both apps (all, the default), only assembly (no model loaded) or only ranking;"
              + " instances of one application.id share the partitions of what they run. A role"
              + " other than all needs a cluster.")
  String role;

  private final CountDownLatch stopRequested = new CountDownLatch(1);

  /**
   * Tries every fixed port this run will listen on before anything starts. A second {@code run} on
   * one host used to start its broker and registry (on ports of their own, or failing on the first
   * run's) and only then die on the ops port 9400, exit 4, after seconds of work and a broker log
   * in its data dir.
   */
  static void requireFreePorts(BlendConfig config) {
    Map<String, InetSocketAddress> wanted = new LinkedHashMap<>();
    if (config.metricsEnabled() && config.metricsPort() > 0) {
      wanted.put(
          BlendConfig.METRICS_PORT,
          new InetSocketAddress(config.metricsBindAddress(), config.metricsPort()));
    }
    if (config.embeddedBroker() && config.embeddedRegistry()) {
      if (config.embeddedKafkaPort() > 0) {
        wanted.put(
            BlendConfig.EMBEDDED_KAFKA_PORT,
            new InetSocketAddress("127.0.0.1", config.embeddedKafkaPort()));
      }
      if (config.embeddedRegistryPort() > 0) {
        wanted.put(
            BlendConfig.EMBEDDED_REGISTRY_PORT,
            new InetSocketAddress(
                config.embeddedRegistryBindAddress(), config.embeddedRegistryPort()));
      }
    }
    List<String> taken = new ArrayList<>();
    wanted.forEach(
        (key, at) -> {
          try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(at);
          } catch (IOException e) {
            taken.add(key + "=" + at.getPort() + " on " + at.getHostString());
          }
        });
    if (!taken.isEmpty()) {
      throw new IllegalArgumentException(
          "port in use: "
              + String.join(", ", taken)
              + " (another blendstream run on this host?); nothing was started. Stop the other one,"
              + " or give this run its own ports: -D <key>=0 picks a free one, -D "
              + BlendConfig.METRICS_ENABLED
              + "=false serves no metrics");
    }
  }

  /**
   * Makes a running {@link #call()} close the pipeline and return 0; the shutdown hook stops it
   * this way too.
   */
  void stop() {
    stopRequested.countDown();
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> flags = new java.util.HashMap<>();
    if (role != null) {
      flags.put(BlendConfig.ROLE, role);
    }
    BlendConfig config = options.load(Map.of(), flags);
    warnIfTemporary(config);
    requireFreePorts(config);
    BlendApp app = BlendApp.start(config);
    OpsEndpoint ops;
    try {
      ops = config.metricsEnabled() ? OpsEndpoint.start(app.config(), app) : null;
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
    CountDownLatch closed = new CountDownLatch(1);
    // The hook waits for the close below: the JVM halts once hooks return, so an unawaited close
    // could be cut short.
    Thread hook =
        new Thread(
            () -> {
              stop();
              awaitUninterruptibly(closed);
            },
            "blendstream-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    sun.misc.SignalHandler previous = onSigterm(this::stop);
    try {
      out.printf(
          "blendstream running: bootstrap.servers=%s schema.registry.url=%s topics %s.* role=%s%n",
          app.config().bootstrapServers(),
          app.config().schemaRegistryUrl(),
          app.config().topics().prefix(),
          app.config().role().key());
      if (ops != null) {
        out.printf(
            "metrics %s, health /health/live and /health/ready beside it%n", ops.metricsUrl());
      }
      out.flush();
      boolean interrupted = !awaitUninterruptibly(stopRequested);
      out.println("blendstream stopping: leaving the group, closing the pipeline");
      out.flush();
      app.close();
      if (ops != null) {
        ops.close(); // after the app, so that readiness says 503 while the apps leave their groups
      }
      out.println("blendstream stopped");
      out.flush();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } finally {
      closed.countDown();
      if (previous != null) {
        sun.misc.Signal.handle(SIGTERM, previous);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it returns once closed is counted down
      }
    }
    return 0;
  }

  /**
   * Kafka Streams' own warning about a state dir under the OS temp dir is muted, because the demo's
   * throwaway folder lives there by design; a long-running {@code run} is where the warning
   * matters, and there it also covers the embedded broker's log.
   */
  private static void warnIfTemporary(BlendConfig config) {
    Path data = config.dataDir().toAbsolutePath().normalize();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    if (data.startsWith(tmp)) {
      // The logger is made here, not in a static field: picocli builds every command before
      // parsing, and the first
      // logger fixes slf4j-simple's levels before --verbose could raise them.
      LoggerFactory.getLogger(RunCommand.class)
          .warn(
              "data.dir {} is under the OS temp dir, which the OS may clean while blendstream runs:"
                  + " Streams state and the embedded broker's log would go with it; choose another"
                  + " --data-dir to keep them",
              data);
    }
  }

  private static final sun.misc.Signal SIGTERM = new sun.misc.Signal("TERM");

  /**
   * SIGTERM (docker stop, a pod's deletion) stops the pipeline like {@link #stop()}, without
   * starting the JVM's shutdown: {@code run} then returns and the process exits 0 after a clean
   * close, where the shutdown hook's path would exit 143. Returns the handler to restore, or null
   * where the signal cannot be handled (the hook covers it).
   */
  private static sun.misc.SignalHandler onSigterm(Runnable stop) {
    try {
      return sun.misc.Signal.handle(SIGTERM, signal -> stop.run());
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return null;
    }
  }

  /** Waits for the latch, treating an interrupt as a stop request; false when interrupted. */
  private static boolean awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }
}

package org.blendstream.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.blendstream.BlendConfig;
import org.blendstream.app.AnswerFeed;
import org.blendstream.app.BlendApp;
import org.blendstream.app.DemoDataDir;
import org.blendstream.app.OpsEndpoint;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.ingest.CandidatePublisher;
import org.blendstream.ingest.RequestPublisher;
import org.blendstream.rank.EnsembleRanker;
import org.blendstream.rank.LongestRanker;
import org.blendstream.rank.RandomRanker;
import org.blendstream.rank.Rankers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The runnable documentation of the pipeline: starts the embedded broker, registry and pipeline,
 * plays the bundled sample as N requests answered by one producer per model with seeded arrival
 * jitter (the last model skips every third request, so deadlines fire), and prints each blended
 * answer the moment it is committed.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    resourceBundle = "org.blendstream.cli.DemoCommand",
    description =
        "Run the embedded pipeline on the bundled sample and print the blended answers as they"
            + " come.")
final class DemoCommand implements Callable<Integer> {

  /**
   * Requests are sent this far apart, so that sets overlap in the pipeline as real traffic would.
   */
  static final long REQUEST_SPACING_MS = 150;

  /**
   * The demo's aggregation unless the user sets one: on a CPU, full mode costs N(N−1) pairs a set,
   * bubble 2(N−1).
   */
  static final String DEMO_AGGREGATION = "bubble";

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Option(
      names = "--requests",
      defaultValue = "20",
      description = "How many requests to play (default ${DEFAULT-VALUE}).")
  int requests;

  @Option(
      names = "--models",
      split = ",",
      description =
          "Models to play from the sample, at least 2 (default: all 8);"
              + " the last one skips every third request.")
  List<String> models;

  @Option(
      names = "--ranker",
      description =
          "Ranking strategy (auto, builtin, pairranker, random, longest); default from config.")
  String ranker;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Also write each blended answer as a JSON line, as it comes.")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Seed of the arrival jitter (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--deadline-ms",
      defaultValue = "1500",
      description = "Per-request deadline (default ${DEFAULT-VALUE}).")
  long deadlineMs;

  @Option(
      names = "--keep",
      description = "Keep the temporary data dir (broker log, state) and print where it is.")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<JudgedDataset.Item> sample = JudgedDataset.bundledSample();
    List<String> pool = models != null ? models : new ArrayList<>(sample.get(0).byModel().keySet());
    List<String> unknown =
        pool.stream().filter(m -> !sample.get(0).byModel().containsKey(m)).toList();
    if (requests < 1 || pool.size() < 2 || !unknown.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              "demo needs --requests >= 1 and at least 2 models of the sample (%s)%s",
              String.join(", ", sample.get(0).byModel().keySet()),
              unknown.isEmpty() ? "" : "; unknown: " + unknown));
    }
    String laggard = pool.get(pool.size() - 1);
    try (DemoDataDir dataDir =
        options.dataDir != null
            ? DemoDataDir.given(Path.of(options.dataDir))
            : DemoDataDir.temporary(keep)) {
      Map<String, Object> flags = new HashMap<>();
      flags.put(BlendConfig.DATA_DIR, dataDir.path().toString());
      flags.put(BlendConfig.MODELS, String.join(",", pool));
      if (ranker != null) {
        flags.put(BlendConfig.RANKER, ranker);
      }
      // Free ports: the demo must not collide with a `run` (or anything else) already on 9092/8081.
      Map<String, Object> defaults =
          new HashMap<>(
              Map.of(
                  BlendConfig.TOPIC_PARTITIONS,
                  "1",
                  BlendConfig.EMBEDDED_KAFKA_PORT,
                  "0",
                  BlendConfig.EMBEDDED_REGISTRY_PORT,
                  "0"));
      String otherwise = options.load(defaults, flags).rankerAggregation();
      // Under the file, env and -D, so that any of them still chooses another aggregation.
      defaults.put(BlendConfig.RANKER_AGGREGATION, DEMO_AGGREGATION);
      BlendConfig config = options.load(defaults, flags);
      boolean demoChoseAggregation = !otherwise.equals(config.rankerAggregation());

      intro(console, pool, laggard, config, demoChoseAggregation, dataDir);
      long starting = System.nanoTime();
      BlendApp app = BlendApp.start(config);
      dataDir.stopFirst(app);
      List<BlendedResponse> answers;
      OpsEndpoint ops = null;
      try {
        if (config.metricsEnabled()) {
          ops = OpsEndpoint.start(app.config(), app);
          console.printf("metrics on %s (health: /health/live, /health/ready)%n", ops.metricsUrl());
        }
        app.awaitRunning(Duration.ofSeconds(60));
        BlendConfig live = app.config();
        try (AnswerFeed<BlendedResponse> feed = AnswerFeed.open(live, false, console, out)) {
          console.printf(
              "pipeline running after %.1f s; answers print as they are blended:%n%n",
              (System.nanoTime() - starting) / 1e9);
          console.flush();
          String run = Long.toString(System.currentTimeMillis(), 36);
          long running = System.nanoTime();
          Map<String, BlendedResponse> byRequest = new LinkedHashMap<>();
          double firstAfter = Double.NaN;
          try (Playback playback = new Playback(live, sample, pool, laggard, run)) {
            Duration stall = Duration.ofMillis(Math.max(120_000, deadlineMs * 4));
            long lastProgress = System.nanoTime();
            while (byRequest.size() < requests
                && System.nanoTime() - lastProgress < stall.toNanos()) {
              playback.check();
              for (BlendedResponse r : feed.poll(Duration.ofMillis(100))) {
                if (byRequest.putIfAbsent(r.getRequestId(), r) == null) {
                  lastProgress = System.nanoTime();
                  if (Double.isNaN(firstAfter)) {
                    firstAfter = (lastProgress - running) / 1e9;
                  }
                }
              }
            }
            if (byRequest.size() < requests) {
              err.printf(
                  "only %d of %d blended answers arrived; none for %s%n",
                  byRequest.size(), requests, stall);
            }
          }
          answers = new ArrayList<>(byRequest.values());
          double seconds = (System.nanoTime() - running) / 1e9;
          Map<String, JudgedDataset.Item> items = new HashMap<>();
          for (int i = 0; i < requests; i++) {
            items.put(requestId(run, i), sample.get(i % sample.size()));
          }
          new DemoSummary(answers, items, pool, laggard, sample.size())
              .print(console, requests, seconds, firstAfter);
        }
      } finally {
        dataDir.stop();
        if (ops != null) {
          ops.close();
        }
      }
      if (out != null) {
        console.printf("wrote %d JSON lines to %s%n", answers.size(), out.toAbsolutePath());
      }
      if (keep && options.dataDir == null) {
        console.printf(
            "kept the data dir %s (broker log, registry, Streams state)%n",
            dataDir.path().toAbsolutePath());
      }
      console.flush();
      return answers.size() == requests ? 0 : 1;
    }
  }

  /**
   * Says up front what is about to happen, so that the partial sets read as intended, not as a
   * failure.
   */
  private void intro(
      PrintWriter console,
      List<String> pool,
      String laggard,
      BlendConfig config,
      boolean demoChoseAggregation,
      DemoDataDir dataDir) {
    List<String> skippedIds = new ArrayList<>();
    for (int i = 1; i < requests; i += 3) {
      skippedIds.add(String.format("%03d", i));
    }
    console.printf(
        "demo: %d requests from the bundled AlpacaEval sample, %d ms apart, each answered by %d"
            + " models (%s) after a seeded random delay; deadline %d ms%n",
        requests, REQUEST_SPACING_MS, pool.size(), String.join(", ", pool), deadlineMs);
    if (skippedIds.isEmpty()) {
      console.printf(
          "  %s would skip every third request on purpose, but %d request%s too few for it%n",
          laggard, requests, requests == 1 ? " is" : "s are");
    } else {
      String which =
          skippedIds.size() <= 4
              ? String.join(", ", skippedIds)
              : String.join(", ", skippedIds.subList(0, 3)) + ", ...";
      console.printf(
          "  %s skips every third request on purpose (%s): those %d sets close at the deadline with"
              + " complete=false%n",
          laggard, which, skippedIds.size());
    }
    String resolved = Rankers.resolve(config);
    String name = config.ranker().equals(resolved) ? resolved : config.ranker() + " -> " + resolved;
    if (resolved.equals(LongestRanker.NAME) || resolved.equals(RandomRanker.NAME)) {
      console.printf("  ranker %s (a baseline: no pairwise comparisons)%n", name);
    } else if (resolved.equals(EnsembleRanker.NAME)) {
      console.printf(
          "  ranker %s (answer length, agreement between the answers and each model's prior from"
              + " judged history; no pairwise comparisons)%n",
          name);
    } else if (!Rankers.comparesPairs(resolved)) {
      console.printf("  ranker %s (scores each answer alone: no pairwise comparisons)%n", name);
    } else if (!demoChoseAggregation) {
      console.printf("  ranker %s, aggregation %s%n", name, config.rankerAggregation());
    } else {
      int n = pool.size();
      console.printf(
          "  ranker %s, aggregation %s: the demo's default, as on a CPU it compares %d pairs per"
              + " set of %d instead of %d; -D ranker.aggregation=maxlogits for a full ranking%n",
          name, config.rankerAggregation(), 2 * (n - 1), n, n * (n - 1));
    }
    console.printf(
        "  data in %s, %s%n",
        dataDir.path().toAbsolutePath(),
        dataDir.deletedOnClose()
            ? "deleted at the end (--keep keeps it)"
            : options.dataDir == null ? "kept at the end (--keep)" : "kept");
    console.println("starting the embedded broker, registry and pipeline ...");
    console.flush();
  }

  private static String requestId(String run, int i) {
    return "demo-" + run + "-" + String.format("%03d", i);
  }

  /**
   * The sample played as traffic: each model answers on its own producer and schedule (a seeded
   * per-model base latency plus jitter), and the laggard skips every third request so that its sets
   * close at the deadline. The sends run in the background, so answers can be read while requests
   * are still going out.
   */
  private final class Playback implements AutoCloseable {

    private final ScheduledExecutorService scheduler;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final RequestPublisher requestPublisher;
    private final Map<String, CandidatePublisher> publishers = new LinkedHashMap<>();

    Playback(
        BlendConfig config,
        List<JudgedDataset.Item> sample,
        List<String> pool,
        String laggard,
        String run) {
      requestPublisher = new RequestPublisher(config);
      pool.forEach(m -> publishers.put(m, new CandidatePublisher(config, m)));
      scheduler = Executors.newScheduledThreadPool(pool.size());
      for (int i = 0; i < requests; i++) {
        JudgedDataset.Item item = sample.get(i % sample.size());
        String id = requestId(run, i);
        long sentAt = i * REQUEST_SPACING_MS;
        sendAt(
            sentAt,
            () ->
                requestPublisher.publish(
                    id, item.instruction(), item.reference(), pool, deadlineMs));
        for (int m = 0; m < pool.size(); m++) {
          String model = pool.get(m);
          if (model.equals(laggard) && i % 3 == 1) {
            continue; // this model never answers: the deadline must close the set
          }
          Random jitter = new Random(seed * 31 + (long) m * 1_000_003 + i);
          long latency = 40L * m + (long) (jitter.nextDouble() * 600);
          JudgedDataset.Judged answer = item.byModel().get(model);
          sendAt(
              sentAt + latency,
              () -> publishers.get(model).publish(id, answer.text(), item.instruction(), latency));
        }
      }
    }

    // Waits for the broker's ack, so that a send that fails (registry gone, record too large) stops
    // the demo with
    // its cause instead of leaving it to wait out the stall for answers that can never come.
    private void sendAt(long delayMs, Callable<Future<RecordMetadata>> send) {
      scheduler.schedule(
          () -> {
            try {
              send.call().get();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt(); // closing: the demo is over
            } catch (ExecutionException e) {
              failure.compareAndSet(null, e.getCause());
            } catch (Exception e) {
              failure.compareAndSet(null, e);
            }
          },
          delayMs,
          TimeUnit.MILLISECONDS);
    }

    /** Rethrows the first failed send, if any. */
    void check() {
      Throwable t = failure.get();
      if (t != null) {
        throw new IllegalStateException(
            "the demo could not publish its sample: " + t.getMessage(), t);
      }
    }

    @Override
    public void close() {
      scheduler.shutdownNow();
      requestPublisher.close();
      publishers.values().forEach(CandidatePublisher::close);
    }
  }
}

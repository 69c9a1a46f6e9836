package org.blendstream.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.blendstream.BlendConfig;
import org.blendstream.app.AnswerFeed;
import org.blendstream.app.BlendApp;
import org.blendstream.app.DemoDataDir;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.ingest.CandidatePublisher;
import org.blendstream.ingest.RequestPublisher;
import org.blendstream.runtime.Progress;

/**
 * The whole pipeline as a throughput: requests and their candidates pushed through the embedded
 * broker with the configured ranker and exactly-once, first as fast as the pipeline takes them,
 * then paced at shares of that rate. The producers run in this process, as the broker does, so the
 * CPU figure is the whole machine's cost of a request: broker, pipeline and clients together, which
 * is what a user sizing one host pays.
 */
public final class ThroughputBench {

  /**
   * What to push: {@code requests} sets of {@code sets.get(k)}'s shape, saturated {@code repeats}
   * times, after warm-up passes of a quarter of that until the JIT compilers are quiet, at most
   * {@code warmupPasses} of them.
   */
  public record Plan(
      int requests, int repeats, List<Integer> pacedLoads, int pacedSeconds, int warmupPasses) {}

  /** One saturated run; every request is checked for exactly one answer. */
  public record Saturated(
      double requestsPerSecond,
      double recordsPerSecond,
      double cpuSecondsPer1000,
      double changelogBytesPerRequest,
      double seconds,
      double compilerShare) {}

  /** One paced run at {@code percent} of the saturated median. */
  public record Paced(
      int percent,
      double requestsPerSecond,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      int requests) {}

  public record Result(
      List<Saturated> saturated,
      List<Paced> paced,
      long peakRssMb,
      double startSeconds,
      int candidates,
      int partitions) {
    Saturated median() {
      List<Saturated> sorted = new ArrayList<>(saturated);
      sorted.sort((a, b) -> Double.compare(a.requestsPerSecond(), b.requestsPerSecond()));
      return sorted.get(sorted.size() / 2);
    }
  }

  /**
   * The deadline every set gets: long enough that sets close complete, so no figure waits for a
   * deadline.
   */
  public static final long DEADLINE_MS = 600_000L;

  /**
   * Sets of {@code n} real answers from {@code items}, through a pipeline configured by default
   * apart from {@code settings} (the embedded broker on free ports, no metrics port).
   */
  public static Result measure(
      List<JudgedDataset.Item> items,
      int n,
      Plan plan,
      Map<String, ?> settings,
      PrintWriter progress)
      throws Exception {
    List<CandidateSet> shapes = BenchSets.of(items, n, items.size(), 0);
    Map<String, Object> props = new HashMap<>();
    props.put(
        BlendConfig.MODELS,
        String.join(",", shapes.get(0).getCandidates().stream().map(Candidate::getModel).toList()));
    props.put(BlendConfig.EMBEDDED_KAFKA_PORT, "0");
    props.put(BlendConfig.EMBEDDED_REGISTRY_PORT, "0");
    props.put(BlendConfig.METRICS_PORT, "0");
    props.put(BlendConfig.DEADLINE_MS, DEADLINE_MS);
    props.putAll(settings);
    return new ThroughputBench(
            BlendConfig.load(null, System.getenv(), props), shapes, plan, progress)
        .run();
  }

  /** The figures as the JSON suite writes them, and as {@link #print} shows them. */
  public static Map<String, Object> figures(Result r, Plan plan) {
    Map<String, Object> out = new LinkedHashMap<>();
    Saturated m = r.median();
    out.put("requests_per_s", BenchSuite.round(m.requestsPerSecond()));
    out.put("input_records_per_s", BenchSuite.round(m.recordsPerSecond()));
    out.put("cpu_s_per_1000_requests", BenchSuite.round(m.cpuSecondsPer1000()));
    out.put("changelog_bytes_per_request", BenchSuite.round(m.changelogBytesPerRequest()));
    if (!Double.isNaN(m.compilerShare())) {
      out.put("jit_share_of_cpu", BenchSuite.round(m.compilerShare()));
    }
    out.put(
        "runs_requests_per_s",
        r.saturated().stream().map(s -> BenchSuite.round(s.requestsPerSecond())).toList());
    List<Map<String, Object>> paced = new ArrayList<>();
    for (Paced p : r.paced()) {
      paced.add(
          Map.of(
              "load_percent",
              p.percent(),
              "requests_per_s",
              BenchSuite.round(p.requestsPerSecond()),
              "p50_ms",
              BenchSuite.round(p.p50Ms()),
              "p95_ms",
              BenchSuite.round(p.p95Ms()),
              "p99_ms",
              BenchSuite.round(p.p99Ms()),
              "requests",
              p.requests()));
    }
    out.put("paced", paced);
    out.put("peak_rss_mb", r.peakRssMb());
    out.put(
        "config",
        Map.of(
            "requests",
            plan.requests(),
            "candidates",
            r.candidates(),
            "partitions",
            r.partitions(),
            "repeats",
            plan.repeats(),
            "statistic",
            "median of the saturated runs, after warm-up passes until the JIT compilers took"
                + " under "
                + Math.round(JitWatch.SETTLED * 100)
                + "% of the CPU (at most "
                + plan.warmupPasses()
                + ")",
            "latency",
            "request's record timestamp to its answer read (read_committed)",
            "cpu",
            "this process: broker, registry, pipeline and the bench's clients",
            "pipeline_start_s",
            BenchSuite.round(r.startSeconds())));
    return out;
  }

  public static void print(Result r, Plan plan, PrintWriter out) {
    Saturated m = r.median();
    out.printf(
        "throughput: %d requests x %d candidates, %d partitions, exactly-once, median of %d runs%n",
        plan.requests(), r.candidates(), r.partitions(), plan.repeats());
    out.printf(
        "  saturated: %.0f requests/s (runs: %s), %.0f input records/s%n",
        m.requestsPerSecond(),
        r.saturated().stream()
            .map(s -> String.format(Locale.ROOT, "%.0f", s.requestsPerSecond()))
            .toList(),
        m.recordsPerSecond());
    out.printf(
        "  CPU: %.2f s per 1,000 requests (JIT compilers %s of it); peak RSS %d MB; changelog %.0f"
            + " bytes per request%n",
        m.cpuSecondsPer1000(),
        percent(m.compilerShare()),
        r.peakRssMb(),
        m.changelogBytesPerRequest());
    for (Paced p : r.paced()) {
      out.printf(
          "  paced %3d%% (%.0f requests/s, %d requests): p50 %.0f ms, p95 %.0f ms, p99 %.0f ms%n",
          p.percent(), p.requestsPerSecond(), p.requests(), p.p50Ms(), p.p95Ms(), p.p99Ms());
    }
    out.flush();
  }

  private final BlendConfig config;
  private final List<CandidateSet> shapes;
  private final Plan plan;
  private final PrintWriter progress;

  /**
   * {@code shapes} are cycled for the requests' texts; {@code config} must name their models and a
   * deadline long enough that every set closes complete, or the figure would include waiting for
   * deadlines.
   */
  public ThroughputBench(
      BlendConfig config, List<CandidateSet> shapes, Plan plan, PrintWriter progress) {
    this.config = config;
    this.shapes = shapes;
    this.plan = plan;
    this.progress = progress;
  }

  public Result run() throws Exception {
    try (DemoDataDir dataDir = DemoDataDir.temporary(false)) {
      long starting = System.nanoTime();
      BlendApp app = dataDir.start(config);
      try {
        app.awaitRunning(Duration.ofSeconds(120));
        BlendConfig live = app.config();
        double startSeconds = (System.nanoTime() - starting) / 1e9;
        List<Saturated> saturated = new ArrayList<>();
        List<Paced> paced = new ArrayList<>();
        try (Pusher pusher = new Pusher(live, shapes);
            Admin admin =
                Admin.create(
                    Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, live.bootstrapServers()))) {
          String run = Long.toString(System.currentTimeMillis(), 36);
          warmUp(pusher, run);
          for (int r = 0; r < plan.repeats(); r++) {
            long changelogBefore = changelogBytes(admin);
            JitWatch jit = JitWatch.mark();
            double seconds = pusher.saturate(run + "-s" + r, plan.requests(), progress);
            double cpu = jit.cpuSeconds();
            // The changelogs are written inside the same transactions as the answers, so once every
            // answer is read they hold every change; their segments are not cleaned within a run of
            // this length.
            double changelog = (changelogBytes(admin) - changelogBefore) / (double) plan.requests();
            Saturated s =
                new Saturated(
                    plan.requests() / seconds,
                    plan.requests() * (shapes.get(0).getCandidates().size() + 1) / seconds,
                    cpu / plan.requests() * 1000,
                    changelog,
                    seconds,
                    jit.compilerShare());
            saturated.add(s);
            progress.printf(
                "throughput: run %d/%d: %.0f requests/s, %.2f CPU s per 1,000, %.0f changelog bytes"
                    + " per request, JIT %s of the CPU%n",
                r + 1,
                plan.repeats(),
                s.requestsPerSecond(),
                s.cpuSecondsPer1000(),
                s.changelogBytesPerRequest(),
                percent(s.compilerShare()));
            progress.flush();
          }
          double top =
              median(saturated.stream().mapToDouble(Saturated::requestsPerSecond).toArray());
          for (int load : plan.pacedLoads()) {
            double rate = top * load / 100.0;
            int count = (int) Math.max(20, Math.round(rate * plan.pacedSeconds()));
            progress.printf(
                "throughput: paced at %d%% (%.0f requests/s) for %d requests%n", load, rate, count);
            progress.flush();
            double[] ms = pusher.paced(run + "-p" + load, count, rate, progress);
            paced.add(
                new Paced(
                    load,
                    rate,
                    StreamingBench.percentile(ms, 50),
                    StreamingBench.percentile(ms, 95),
                    StreamingBench.percentile(ms, 99),
                    count));
          }
        }
        return new Result(
            saturated,
            paced,
            RankerBenchmark.peakRssMb(),
            startSeconds,
            shapes.get(0).getCandidates().size(),
            live.topicPartitions());
      } finally {
        dataDir.stop();
      }
    }
  }

  /**
   * Saturated passes of a quarter of a run until the JIT compilers took less than {@link
   * JitWatch#SETTLED} of a pass's CPU, or {@code plan.warmupPasses()} of them: the runs that follow
   * then measure the compiled pipeline a long-running deployment has, not the compilers. The first
   * pass also opens the transactions and fetches every topic's metadata.
   */
  private void warmUp(Pusher pusher, String run) throws Exception {
    int size = Math.max(100, plan.requests() / 4);
    double share = Double.NaN;
    for (int pass = 1; pass <= plan.warmupPasses(); pass++) {
      JitWatch jit = JitWatch.mark();
      double seconds = pusher.saturate(run + "-w" + pass, size, progress);
      share = jit.compilerShare();
      progress.printf(
          "throughput: warm-up %d/%d: %d requests, %.0f requests/s, %.2f CPU s per 1,000, JIT %s"
              + " of the CPU%n",
          pass,
          plan.warmupPasses(),
          size,
          size / seconds,
          jit.cpuSeconds() / size * 1000,
          percent(share));
      progress.flush();
      if (JitWatch.settled(share)) {
        return;
      }
    }
    progress.printf(
        Double.isNaN(share)
            ? "throughput: the JIT's share cannot be read here, so all %d warm-up passes ran%n"
            : "throughput: the JIT was still busy after %d warm-up passes; the runs below include"
                + " it%n",
        plan.warmupPasses());
    progress.flush();
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "unknown" : String.format(Locale.ROOT, "%.0f%%", share * 100);
  }

  /** Bytes held by every changelog partition on the broker. */
  private static long changelogBytes(Admin admin) throws Exception {
    List<Integer> brokers =
        admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
    long total = 0;
    for (Map<String, LogDirDescription> dirs :
        admin.describeLogDirs(brokers).allDescriptions().get().values()) {
      for (LogDirDescription dir : dirs.values()) {
        for (var e : dir.replicaInfos().entrySet()) {
          if (e.getKey().topic().endsWith("-changelog")) {
            total += e.getValue().size();
          }
        }
      }
    }
    return total;
  }

  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** Publishes requests with their candidates and reads the answers back, read_committed. */
  private static final class Pusher implements AutoCloseable {
    private final List<CandidateSet> shapes;
    private final RequestPublisher requests;
    private final Map<String, CandidatePublisher> candidates = new LinkedHashMap<>();
    private final AnswerFeed<BlendedResponse> feed;
    private final List<String> models;

    Pusher(BlendConfig config, List<CandidateSet> shapes) {
      this.shapes = shapes;
      this.models = shapes.get(0).getCandidates().stream().map(Candidate::getModel).toList();
      this.requests = new RequestPublisher(config);
      models.forEach(m -> candidates.put(m, new CandidatePublisher(config, m)));
      this.feed = AnswerFeed.open(config, false, null, null);
    }

    /** Sends request {@code id}; returns the request's send, whose timestamp starts its latency. */
    private Future<RecordMetadata> send(String id, int k) {
      CandidateSet shape = shapes.get(k % shapes.size());
      String instruction = shape.getRequest().getInstruction();
      Future<RecordMetadata> sent = requests.publish(id, instruction, null, models, null);
      for (Candidate c : shape.getCandidates()) {
        candidates.get(c.getModel()).publish(id, c.getText(), instruction, 0L);
      }
      return sent;
    }

    private void flush() {
      requests.flush();
      candidates.values().forEach(CandidatePublisher::flush);
    }

    /**
     * Everything at once from a second thread; seconds from the first send to the last answer read.
     */
    double saturate(String run, int count, PrintWriter progress) throws Exception {
      AtomicReference<Exception> failed = new AtomicReference<>();
      long start = System.nanoTime();
      Thread producer =
          new Thread(
              () -> {
                try {
                  for (int k = 0; k < count; k++) {
                    send(run + "-" + k, k);
                  }
                  flush();
                } catch (Exception e) {
                  failed.set(e);
                }
              },
              "throughput-producer");
      producer.start();
      Set<String> seen = ConcurrentHashMap.newKeySet();
      Progress bar = new Progress("answers", count, progress);
      awaitAll(run, count, seen, bar, failed);
      double seconds = (System.nanoTime() - start) / 1e9;
      producer.join();
      bar.done();
      return seconds;
    }

    /**
     * {@code count} requests at {@code rate} a second; each one's ms from its request's timestamp
     * to its answer.
     */
    double[] paced(String run, int count, double rate, PrintWriter progress) throws Exception {
      Map<String, Future<RecordMetadata>> sent = new ConcurrentHashMap<>();
      Map<String, Long> answeredAt = new ConcurrentHashMap<>();
      AtomicReference<Exception> failed = new AtomicReference<>();
      long intervalNanos = (long) (1e9 / rate);
      Thread producer =
          new Thread(
              () -> {
                try {
                  long next = System.nanoTime();
                  for (int k = 0; k < count; k++) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    String id = run + "-" + k;
                    sent.put(id, send(id, k));
                    // Sent now rather than batched behind a linger: the latency is the pipeline's,
                    // not the client's.
                    flush();
                    next += intervalNanos;
                  }
                } catch (Exception e) {
                  failed.set(e);
                }
              },
              "throughput-paced");
      producer.start();
      Progress bar = new Progress("answers", count, progress);
      awaitAll(run, count, answeredAt.keySet(), bar, failed, answeredAt);
      producer.join();
      bar.done();
      double[] ms = new double[count];
      int k = 0;
      for (Map.Entry<String, Long> e : answeredAt.entrySet()) {
        ms[k++] = e.getValue() - sent.get(e.getKey()).get().timestamp();
      }
      return ms;
    }

    private void awaitAll(
        String run, int count, Set<String> seen, Progress bar, AtomicReference<Exception> failed)
        throws Exception {
      awaitAll(run, count, seen, bar, failed, null);
    }

    /**
     * Reads until every request of {@code run} is answered; an answer read twice fails the run, as
     * does one missing after two minutes without progress: the bench checks in = out rather than
     * trusting it.
     */
    private void awaitAll(
        String run,
        int count,
        Set<String> seen,
        Progress bar,
        AtomicReference<Exception> failed,
        Map<String, Long> answeredAt)
        throws Exception {
      String prefix = run + "-";
      long lastProgress = System.nanoTime();
      int answered = 0;
      while (answered < count) {
        if (failed.get() != null) {
          throw failed.get();
        }
        if (System.nanoTime() - lastProgress > Duration.ofMinutes(2).toNanos()) {
          throw new IllegalStateException(
              "only "
                  + answered
                  + " of "
                  + count
                  + " requests were answered, none in"
                  + " the last 2 minutes");
        }
        for (BlendedResponse r : feed.poll(Duration.ofMillis(100))) {
          String id = r.getRequestId();
          if (!id.startsWith(prefix)) {
            continue;
          }
          long now = System.currentTimeMillis();
          boolean fresh =
              answeredAt == null ? seen.add(id) : answeredAt.putIfAbsent(id, now) == null;
          if (!fresh) {
            throw new IllegalStateException("request " + id + " was answered twice");
          }
          answered++;
          lastProgress = System.nanoTime();
          bar.update(answered);
        }
      }
    }

    @Override
    public void close() {
      feed.close();
      requests.close();
      candidates.values().forEach(CandidatePublisher::close);
    }
  }
}

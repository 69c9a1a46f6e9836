package org.blendstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.BlendConfig;
import org.blendstream.SharedSupplier;
import org.blendstream.avro.CandidateSet;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.model.MatmulRate;
import org.blendstream.model.PairModel;
import org.blendstream.model.PairPieces;
import org.blendstream.model.factory.PairModels;
import org.blendstream.rank.Batching;
import org.blendstream.rank.Bubble;
import org.blendstream.rank.ComparisonTexts;
import org.blendstream.rank.MaxLogits;
import org.blendstream.rank.ModelPairScorer;
import org.blendstream.rank.PairRankerFactory;
import org.blendstream.rank.PairwiseRanker;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Rankers;

/**
 * {@code bench --json}: every figure of the performance contract from one run, side by side, each
 * with the configuration it was measured under. Progress goes to stderr as it goes, since a full
 * run takes minutes.
 */
public final class BenchSuite {

  /** What to measure and how often; the defaults keep a full run under ten minutes on two cores. */
  public record Plan(
      String device,
      Path modelCache,
      Path torchscriptModel,
      Batching batching,
      int repeats,
      int pairSets,
      List<Integer> sizes,
      int streamSets,
      int latencySets,
      int matmulSize,
      ThroughputBench.Plan throughput) {}

  private final Plan plan;
  private final PrintWriter progress;
  private final long started = System.nanoTime();

  public BenchSuite(Plan plan, PrintWriter progress) {
    this.plan = plan;
    this.progress = progress;
  }

  public Map<String, Object> run(List<JudgedDataset.Item> items) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> config = new LinkedHashMap<>();
    out.put("config", config);
    config.put("machine", machine());
    config.put("device", plan.device());
    config.put("intra_op_threads", MatmulRate.intraOpThreads());
    config.put("inter_op_threads", MatmulRate.interOpThreads());
    config.put("batch_size", plan.batching().size());
    config.put("batch_order", plan.batching().byLength() ? "length" : "arrival");
    config.put("repeats", plan.repeats());
    config.put("statistic", "median over repeats, after one warm-up pass");

    step("loading the pair model");
    long loading = System.nanoTime();
    try (PairModel model =
        plan.torchscriptModel() == null
            ? PairModels.builtin(plan.modelCache(), plan.device())
            : PairModels.torchscript(plan.torchscriptModel(), plan.device())) {
      config.put(
          "model",
          model.rankerName()
              + " "
              + model.version()
              + " ("
              + model.dtype()
              + ", "
              + model.deviceName()
              + ")");
      config.put("model_load_s", round((System.nanoTime() - loading) / 1e9));
      config.put("passes", "pair evaluations: one pair is one sequence through the cross-encoder");

      List<CandidateSet> pairSets = BenchSets.of(items, 8, plan.pairSets(), 0);
      out.put("warmup", warmup(model, pairSets.get(0)));

      step("dense fp32 matmul rate (" + plan.matmulSize() + "^2)");
      double matmul =
          MatmulRate.gflops(plan.device(), plan.matmulSize(), Math.max(3, plan.repeats()));

      step("pair scoring: batched, " + plan.pairSets() + " set(s) of 8");
      RankerBenchmark.Measured batched =
          PairScoringBench.batched(model, plan.batching(), pairSets, plan.repeats());
      step("pair scoring: batch 1 with cached tokens");
      RankerBenchmark.Measured single =
          PairScoringBench.batched(model, Batching.bySize(1), pairSets, plan.repeats());
      step("pair scoring: naive");
      RankerBenchmark.Measured naive = PairScoringBench.naive(model, pairSets, plan.repeats());
      int[] lengths = PairScoringBench.pairLengths(model, pairSets);
      Map<String, Object> pairs = new LinkedHashMap<>();
      pairs.put("batched_pairs_per_s", round(batched.pairsPerSecond()));
      pairs.put("naive_pairs_per_s", round(naive.pairsPerSecond()));
      pairs.put("speedup", round(batched.pairsPerSecond() / naive.pairsPerSecond()));
      pairs.put("cached_batch1_pairs_per_s", round(single.pairsPerSecond()));
      pairs.put("batching_alone", round(batched.pairsPerSecond() / single.pairsPerSecond()));
      pairs.put(
          "config",
          Map.of(
              "sets",
              pairSets.size(),
              "n",
              8,
              "pairs_per_pass",
              batched.pairsPerPass(),
              "mean_pair_tokens",
              lengths[0],
              "max_pair_tokens",
              lengths[1],
              "batch",
              plan.batching().size(),
              "naive",
              "each pair tokenized from its own texts, one pair per forward pass"));
      out.put("pair_scoring", pairs);

      out.put("threads", threads(model, BenchSets.of(items, 4, 1, 0)));

      Map<String, Object> efficiency = new LinkedHashMap<>();
      efficiency.put("model_gflops", round(batched.gflopPerSecond()));
      efficiency.put("matmul_gflops", round(matmul));
      efficiency.put("ratio", round(batched.gflopPerSecond() / matmul));
      efficiency.put(
          "config",
          Map.of(
              "model_figure",
              "batched pair scoring above; FLOPs of the work done, from the encoder's shapes"
                  + " (padding included; the last layer's queries and feed-forward at the three"
                  + " markers only; head and embeddings left out)",
              "matmul",
              plan.matmulSize() + " x " + plan.matmulSize() + " fp32, same engine and threads"));
      out.put("efficiency", efficiency);
      out.put("profile", profile(model, pairSets, batched, matmul));

      out.put("aggregation", aggregation(model, items));
    }

    streaming(items, out);
    ThroughputBench.Plan throughput = plan.throughput();
    step(
        "throughput: the whole pipeline, default ranker, "
            + throughput.requests()
            + " requests x 8");
    out.put(
        "throughput",
        ThroughputBench.figures(
            ThroughputBench.measure(items, 8, throughput, Map.of(), progress), throughput));
    out.put("rss_mb", RankerBenchmark.peakRssMb());
    config.put("total_s", round((System.nanoTime() - started) / 1e9));
    return out;
  }

  private Map<String, Object> warmup(PairModel model, CandidateSet set) {
    step("first set on a fresh predictor, then the same set again");
    try (Ranker ranker =
        new PairwiseRanker(new ModelPairScorer(model, plan.batching()), new Bubble(), null)) {
      long a = System.nanoTime();
      ranker.rank(set);
      long b = System.nanoTime();
      ranker.rank(set);
      long c = System.nanoTime();
      double warmUp = PairRankerFactory.warmUp(model, plan.batching());
      return Map.of(
          "first_set_ms",
          round((b - a) / 1e6),
          "second_set_ms",
          round((c - b) / 1e6),
          "startup_warmup_ms",
          round(warmUp),
          "config",
          "bubble, n=8, the process's first forward passes, before any warm-up; startup_warmup_ms"
              + " is what the ranker's warm-up at start costs once the model is warm");
    }
  }

  /**
   * Where a batched pass's time goes, from what this run measured: tokenizing the set (timed
   * alone), the encoder's dense math had it run at this machine's matmul rate (its FLOPs over that
   * rate), and the rest of the pass: elementwise ops (softmax, GELU, LayerNorm), copies, JNI calls
   * and BLAS below peak on small shapes.
   */
  private Map<String, Object> profile(
      PairModel model,
      List<CandidateSet> sets,
      RankerBenchmark.Measured batched,
      double matmulGflops) {
    long start = System.nanoTime();
    int rounds = 5;
    for (int r = 0; r < rounds; r++) {
      for (CandidateSet set : sets) {
        ComparisonTexts texts = ComparisonTexts.of(set);
        PairPieces.of(model.encoder(), model.layout(), texts.source(), texts.candidates());
      }
    }
    double tokenizeMs = (System.nanoTime() - start) / 1e6 / rounds;
    double passMs = batched.medianSeconds() * 1000;
    double denseMs = batched.flopsPerPass() / (matmulGflops * 1e9) * 1000;
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("pass_ms", round(passMs));
    p.put("tokenize_ms", round(tokenizeMs));
    p.put("dense_at_matmul_rate_ms", round(denseMs));
    p.put("other_ms", round(Math.max(0, passMs - tokenizeMs - denseMs)));
    p.put(
        "config",
        "one batched pass over the pair-scoring sets; dense = encoder FLOPs / matmul rate; other ="
            + " elementwise ops, copies, JNI, BLAS below peak");
    return p;
  }

  private Map<String, Object> threads(PairModel model, List<CandidateSet> pairSets) {
    int configured = MatmulRate.intraOpThreads();
    Map<String, Object> t = new LinkedHashMap<>();
    if (configured > 1) {
      step("intra-op threads: 1 against " + configured + ", a set of 4");
      MatmulRate.setIntraOpThreads(1);
      try {
        t.put(
            "intra1_pairs_per_s",
            round(
                PairScoringBench.batched(model, plan.batching(), pairSets, plan.repeats())
                    .pairsPerSecond()));
      } finally {
        MatmulRate.setIntraOpThreads(configured);
      }
      t.put(
          "intra" + configured + "_pairs_per_s",
          round(
              PairScoringBench.batched(model, plan.batching(), pairSets, plan.repeats())
                  .pairsPerSecond()));
    }
    t.put("cores", Runtime.getRuntime().availableProcessors());
    t.put(
        "config",
        "batched pair scoring, every ordered pair of one set of 4; intra-op threads set at run"
            + " time");
    return t;
  }

  private Map<String, Object> aggregation(PairModel model, List<JudgedDataset.Item> items) {
    Map<String, Object> byN = new LinkedHashMap<>();
    Map<String, Object> props = new HashMap<>();
    props.put(BlendConfig.RANKER, Rankers.AUTO);
    props.put(BlendConfig.DEVICE, plan.device());
    props.put(BlendConfig.MODEL_CACHE_DIR, plan.modelCache().toString());
    BlendConfig defaults = BlendConfig.load(null, Map.of(), props);
    String defaultName = Rankers.resolve(defaults);
    try (SharedSupplier<Ranker> defaultRankers = Rankers.supplier(defaults);
        Ranker standard = defaultRankers.get();
        Ranker full =
            new PairwiseRanker(new ModelPairScorer(model, plan.batching()), new MaxLogits(), null);
        Ranker bubble =
            new PairwiseRanker(new ModelPairScorer(model, plan.batching()), new Bubble(), null)) {
      // The pair model is warm from the pair-scoring figures; the default ranker warms up here.
      standard.rank(BenchSets.of(items, 4, 1, 0).get(0));
      for (int n : plan.sizes()) {
        List<CandidateSet> sets = BenchSets.of(items, n, 1, 10 + n);
        step(
            "aggregation n="
                + n
                + ": full ("
                + n * (n - 1)
                + " pairs), bubble ("
                + 2 * (n - 1)
                + "), "
                + defaultName);
        Turns turns = interleaved(List.of(full, bubble, standard), sets, aggregationRepeats());
        RankerBenchmark.Measured f = turns.measured()[0];
        RankerBenchmark.Measured b = turns.measured()[1];
        RankerBenchmark.Measured d = turns.measured()[2];
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("full_ms", round(f.medianSeconds() * 1000 / sets.size()));
        row.put("bubble_ms", round(b.medianSeconds() * 1000 / sets.size()));
        row.put("default_ms", round(d.medianSeconds() * 1000 / sets.size()));
        row.put("full_passes", f.pairsPerPass() / sets.size());
        row.put("bubble_passes", b.pairsPerPass() / sets.size());
        row.put("full_over_bubble", round(turns.medianRatio(0, 1)));
        row.put("full_gflop", round(f.flopsPerPass() / 1e9 / sets.size()));
        row.put("bubble_gflop", round(b.flopsPerPass() / 1e9 / sets.size()));
        byN.put("n" + n, row);
      }
    }
    byN.put(
        "config",
        Map.of(
            "full",
            "maxlogits over all N(N-1) ordered pairs",
            "bubble",
            "one bubble pass, both" + " orders per step",
            "default",
            defaultName + " (ranker=auto)",
            "sets_per_n",
            1,
            "repeats",
            aggregationRepeats(),
            "warm_up",
            "none per n: the model is warm from the figures before",
            "order",
            "full, bubble, default in turn within each repeat",
            "full_over_bubble",
            "median over repeats of full / bubble within the repeat",
            "candidates",
            "the instruction's answers, then answers to the following instructions beyond 8"));
    return byN;
  }

  /**
   * At least 5: full against bubble is a ratio of two timings, and on a shared machine 3 repeats of
   * it moved between 4.1x and 6.0x from run to run at N = 12.
   */
  private int aggregationRepeats() {
    return Math.max(5, plan.repeats());
  }

  /** Each ranker's seconds per repeat, and its median figures. */
  private record Turns(double[][] seconds, RankerBenchmark.Measured[] measured) {
    /**
     * Median over repeats of ranker a's time over ranker b's, both timed within the same repeat.
     */
    double medianRatio(int a, int b) {
      double[] ratios = new double[seconds[a].length];
      for (int r = 0; r < ratios.length; r++) {
        ratios[r] = seconds[a][r] / seconds[b][r];
      }
      java.util.Arrays.sort(ratios);
      return ratios[ratios.length / 2];
    }
  }

  /**
   * The rankers take turns within each repeat, so that a burst of load from other jobs hits all of
   * them rather than one, and their ratios stay fair; each figure is still the median of its own
   * repeats.
   */
  private Turns interleaved(List<Ranker> rankers, List<CandidateSet> sets, int repeats) {
    double[][] seconds = new double[rankers.size()][repeats];
    long[] pairs = new long[rankers.size()];
    long[] flops = new long[rankers.size()];
    for (int r = 0; r < repeats; r++) {
      for (int k = 0; k < rankers.size(); k++) {
        long flopsBefore = org.blendstream.model.FlopMeter.total();
        long start = System.nanoTime();
        pairs[k] = RankerBenchmark.rankAll(rankers.get(k), sets);
        seconds[k][r] = (System.nanoTime() - start) / 1e9;
        flops[k] += org.blendstream.model.FlopMeter.total() - flopsBefore;
      }
    }
    RankerBenchmark.Measured[] out = new RankerBenchmark.Measured[rankers.size()];
    for (int k = 0; k < rankers.size(); k++) {
      double[] sorted = seconds[k].clone();
      java.util.Arrays.sort(sorted);
      out[k] =
          new RankerBenchmark.Measured(sorted[repeats / 2], pairs[k], flops[k] / (double) repeats);
    }
    return new Turns(seconds, out);
  }

  private void streaming(List<JudgedDataset.Item> items, Map<String, Object> out) throws Exception {
    step(
        "streaming: "
            + plan.streamSets()
            + " sets at once, then "
            + plan.latencySets()
            + " paced, n=8");
    Map<String, Object> props = new HashMap<>();
    if (plan.torchscriptModel() == null) {
      props.put(BlendConfig.RANKER, Rankers.BUILTIN);
    } else {
      props.put(BlendConfig.RANKER, Rankers.PAIRRANKER);
      props.put(BlendConfig.RANKER_MODEL_DIR, plan.torchscriptModel().toString());
    }
    props.put(BlendConfig.RANKER_AGGREGATION, Bubble.NAME);
    props.put(BlendConfig.RANKER_BATCH_SIZE, plan.batching().size());
    props.put(BlendConfig.RANKER_BATCH_ORDER, plan.batching().byLength() ? "length" : "arrival");
    props.put(BlendConfig.DEVICE, plan.device());
    props.put(BlendConfig.MODEL_CACHE_DIR, plan.modelCache().toString());
    List<CandidateSet> throughput = BenchSets.of(items, 8, plan.streamSets(), 0);
    List<CandidateSet> paced = BenchSets.of(items, 8, plan.latencySets(), plan.streamSets());
    props.put(
        BlendConfig.MODELS,
        String.join(
            ",", throughput.get(0).getCandidates().stream().map(c -> c.getModel()).toList()));
    props.put(BlendConfig.TOPIC_PARTITIONS, "1");
    props.put(BlendConfig.EMBEDDED_KAFKA_PORT, "0");
    props.put(BlendConfig.EMBEDDED_REGISTRY_PORT, "0");
    // Complete sets only: every set closes when its last candidate arrives, never at a deadline.
    props.put(BlendConfig.DEADLINE_MS, 600_000L);
    BlendConfig config = BlendConfig.load(null, Map.of(), props);
    StreamingBench.Result r;
    try (SharedSupplier<Ranker> rankers = Rankers.supplier(config);
        Ranker ranker = rankers.get()) {
      r = StreamingBench.run(config, ranker, throughput, paced, progress);
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("e2e_sets_per_s", round(r.e2eSetsPerSecond()));
    s.put("model_only_sets_per_s", round(r.modelOnlySetsPerSecond()));
    s.put("ratio", round(r.e2eSetsPerSecond() / r.modelOnlySetsPerSecond()));
    s.put("model_beside_idle_pipeline_sets_per_s", round(r.besideIdleSetsPerSecond()));
    // Per set, what the answers record of their own ranking while the sets queue: against 1 / e2e,
    // what is left is
    // the per-set cost of the Kafka path when it is busy.
    s.put("ranking_in_pipeline_p50_ms", round(r.throughputRankingP50Ms()));
    String ranker = config.ranker() + ", " + Bubble.NAME + ", batch " + plan.batching().size();
    s.put(
        "config",
        Map.of(
            "ranker",
            ranker,
            "n",
            8,
            "sets",
            r.throughputSets(),
            "partitions",
            1,
            "processing_guarantee",
            config.processingGuarantee(),
            "read",
            "read_committed",
            "why",
            "the model-bound ranker: the point of the overhead figure; bubble keeps a set near a"
                + " second on a CPU",
            "pipeline_start_s",
            round(r.startSeconds())));
    out.put("streaming", s);
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("p50_ms", round(r.p50Ms()));
    l.put("p95_ms", round(r.p95Ms()));
    l.put("p99_ms", round(r.p99Ms()));
    l.put("model_p50_ms", round(r.modelP50Ms()));
    l.put("model_beside_idle_pipeline_p50_ms", round(r.besideIdleP50Ms()));
    StreamingBench.Paced timings = r.paced();
    l.put(
        "breakdown_p50_ms",
        Map.of(
            "assembly",
            round(StreamingBench.percentile(timings.assemblyMs(), 50)),
            "ranking_in_pipeline",
            round(StreamingBench.percentile(timings.rankingMs(), 50)),
            "rest",
            round(StreamingBench.percentile(timings.restMs(), 50)),
            "rest_is",
            "latency - assembly - ranking, set by set: produce, two exactly-once commits and two"
                + " fetches"));
    l.put(
        "config",
        Map.of(
            "ranker",
            ranker,
            "sets",
            r.latencySets(),
            "gap_after_answer_ms",
            r.spacingMs(),
            "from",
            "last candidate's record timestamp",
            "to",
            "blended answer read (read_committed)",
            "complete_sets",
            true));
    out.put("latency", l);
  }

  private void step(String what) {
    progress.printf("[%5.0f s] %s ...%n", (System.nanoTime() - started) / 1e9, what);
    progress.flush();
  }

  public static void write(Path file, Map<String, Object> figures) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), figures);
  }

  private static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    try {
      Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .ifPresent(l -> m.put("cpu", l.substring(l.indexOf(':') + 1).trim()));
      Files.readAllLines(Path.of("/proc/loadavg")).stream()
          .findFirst()
          .ifPresent(l -> m.put("load_at_start", l.split(" ")[0]));
    } catch (IOException e) {
      // not Linux: cores only
    }
    m.put("java", System.getProperty("java.version"));
    return m;
  }

  public static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}

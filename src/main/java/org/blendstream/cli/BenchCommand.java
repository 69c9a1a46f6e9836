package org.blendstream.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.blendstream.BlendConfig;
import org.blendstream.SharedSupplier;
import org.blendstream.avro.CandidateSet;
import org.blendstream.bench.BenchSuite;
import org.blendstream.bench.RankerBenchmark;
import org.blendstream.bench.ThroughputBench;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.eval.PoolSet;
import org.blendstream.rank.Batching;
import org.blendstream.rank.LongestRanker;
import org.blendstream.rank.RandomRanker;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Rankers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Prints ranking speed and memory: median ms per set, pairs/s and process RSS, for several batch
 * sizes side by side in one run, so that the ratios between them mean something on a shared
 * machine.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark a ranker on the bundled sample (or --data): median ms/set, pairs/s, RSS; batch"
            + " sizes side by side.")
final class BenchCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "PairRanker or reward model directory.")
  Path model;

  @Option(
      names = "--ranker",
      description =
          "Ranker to time (builtin, pairranker, reward, random, longest); default: with --model,"
              + " pairranker or reward as its manifest says, else both baselines.")
  String ranker;

  @Option(
      names = "--compare",
      split = ",",
      paramLabel = "RANKER",
      description =
          "Rankers to time side by side on the same sets, each as configured by default (e.g."
              + " builtin,ensemble): ms and model GFLOP per set, and both as ratios to the first.")
  List<String> compare;

  @Option(
      names = "--data",
      paramLabel = "FILE",
      description = "Dataset to draw sets from (default: the bundled sample).")
  Path data;

  @Option(
      names = "--sets",
      defaultValue = "10",
      description = "Sets per pass (default ${DEFAULT-VALUE}).")
  int sets;

  @Option(
      names = "--candidates",
      defaultValue = "8",
      description = "Candidates per set (default ${DEFAULT-VALUE}).")
  int candidates;

  @Option(
      names = "--batch-sizes",
      split = ",",
      defaultValue = "1,8,16",
      description = "PairRanker batch sizes to compare.")
  List<Integer> batchSizes;

  @Option(
      names = "--aggregation",
      defaultValue = "maxlogits",
      description = "maxlogits, maxwins or bubble.")
  String aggregation;

  @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu, gpu:N.")
  String device;

  @Mixin ModelCacheOption modelCache;

  @Option(
      names = "--repeats",
      description =
          "Timed passes; the median is reported (default 5, with --json 3,"
              + " and at least 5 for its aggregation figures).")
  Integer repeats;

  @Option(
      names = "--json",
      paramLabel = "OUT.json",
      description =
          "Run the whole performance suite (pair scoring, aggregation cost by N, streaming overhead"
              + " and latency through the embedded broker, peak RSS, efficiency against this"
              + " machine's matmul rate) and write its figures as JSON; progress goes to stderr.")
  Path json;

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "4,8,12,16",
      description =
          "With --json: set sizes N of the aggregation figures (default ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(
      names = "--pair-sets",
      defaultValue = "1",
      description =
          "With --json: sets of 8 for the pair-scoring figures (default ${DEFAULT-VALUE}).")
  int pairSets;

  @Option(
      names = "--stream-sets",
      defaultValue = "8",
      description =
          "With --json: sets produced at once for the streaming throughput (default"
              + " ${DEFAULT-VALUE}).")
  int streamSets;

  @Option(
      names = "--latency-sets",
      defaultValue = "16",
      description =
          "With --json: paced sets for the latency percentiles (default ${DEFAULT-VALUE}).")
  int latencySets;

  @Option(
      names = "--matmul-size",
      defaultValue = "2048",
      description =
          "With --json: side of the square fp32 matmul that measures the machine (default"
              + " ${DEFAULT-VALUE}).")
  int matmulSize;

  @Option(
      names = "--throughput",
      description =
          "Push requests x candidates through the embedded broker with the configured ranker and"
              + " exactly-once: saturated requests/s and input records/s, then p50/p95/p99 latency"
              + " paced at --paced-loads of that rate, CPU s per 1,000 requests, peak RSS,"
              + " changelog bytes per request. Progress goes to stderr.")
  boolean throughput;

  @Option(
      names = "--requests",
      paramLabel = "N",
      description =
          "Requests per saturated run: with --throughput (default 20000), and the throughput group"
              + " of --json (default 5000).")
  Integer requests;

  @Option(
      names = "--paced-loads",
      split = ",",
      defaultValue = "50,90",
      description =
          "With --throughput: paced rates, in percent of the saturated median (default"
              + " ${DEFAULT-VALUE}).")
  List<Integer> pacedLoads;

  @Option(
      names = "--paced-seconds",
      defaultValue = "20",
      description = "With --throughput: seconds of each paced run (default ${DEFAULT-VALUE}).")
  int pacedSeconds;

  @Option(
      names = "--warmup-passes",
      defaultValue = "8",
      description =
          "With --throughput: at most this many warm-up passes of a quarter of --requests; they"
              + " stop once the JIT compilers take under 10%% of a pass's CPU (default"
              + " ${DEFAULT-VALUE}).")
  int warmupPasses;

  @Option(
      names = {"-D", "--set"},
      paramLabel = "KEY=VALUE",
      description =
          "With --throughput: any config key for the pipeline, e.g. -D"
              + " streams.commit.interval.ms=100.")
  Map<String, String> settings = new HashMap<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    java.io.PrintWriter out = spec.commandLine().getOut();
    List<JudgedDataset.Item> items =
        data == null ? JudgedDataset.bundledSample() : JudgedDataset.read(data);
    if (throughput) {
      ThroughputBench.Plan plan = throughputPlan(20_000);
      ThroughputBench.Result r =
          ThroughputBench.measure(
              items, candidates, plan, new HashMap<>(settings), spec.commandLine().getErr());
      ThroughputBench.print(r, plan, out);
      return 0;
    }
    if (json != null) {
      if (model != null && Rankers.REWARD.equals(Rankers.forModelDir(model.toString()))) {
        throw new ParameterException(
            spec.commandLine(),
            "bench --json measures pair models (pair scoring, aggregation cost); time a reward"
                + " model with bench --model DIR or --compare reward,ensemble");
      }
      return suite(items, out);
    }
    int repeats = this.repeats == null ? 5 : this.repeats;
    List<String> pool =
        new ArrayList<>(items.get(0).byModel().keySet())
            .subList(0, Math.min(candidates, items.get(0).byModel().size()));
    List<CandidateSet> benchSets =
        PoolSet.complete(items, pool).stream().map(PoolSet::set).limit(sets).toList();
    out.printf(
        "bench: %d sets x %d candidates, %d timed passes, medians reported%n",
        benchSets.size(), pool.size(), repeats);
    List<RankerBenchmark.Result> results = new ArrayList<>();
    String name =
        ranker != null ? ranker : model != null ? Rankers.forModelDir(model.toString()) : null;
    if (compare != null) {
      for (String c : compare) {
        Map<String, Object> props = rankerProps(c);
        props.put(BlendConfig.RANKER_AGGREGATION, aggregation);
        try (SharedSupplier<Ranker> rankers =
                Rankers.supplier(BlendConfig.load(null, System.getenv(), props));
            Ranker r = rankers.get()) {
          results.add(time(c, r, benchSets, repeats));
        }
      }
    } else if (name == null) {
      results.add(time(RandomRanker.NAME, new RandomRanker(), benchSets, repeats));
      results.add(time(LongestRanker.NAME, new LongestRanker(), benchSets, repeats));
    } else {
      // Every batch size in length order, then the largest again in arrival order: the padding
      // saved, side by side.
      List<String> orders = new ArrayList<>();
      batchSizes.forEach(b -> orders.add("length"));
      orders.add("arrival");
      List<Integer> sizes = new ArrayList<>(batchSizes);
      sizes.add(batchSizes.stream().max(Integer::compare).orElseThrow());
      for (int v = 0; v < sizes.size(); v++) {
        int batch = sizes.get(v);
        Map<String, Object> props = rankerProps(name);
        props.put(BlendConfig.RANKER_BATCH_ORDER, orders.get(v));
        props.put(BlendConfig.RANKER_BATCH_SIZE, batch);
        props.put(BlendConfig.RANKER_AGGREGATION, aggregation);
        try (SharedSupplier<Ranker> rankers =
                Rankers.supplier(BlendConfig.load(null, System.getenv(), props));
            Ranker r = rankers.get()) {
          String how =
              Rankers.comparesPairs(Rankers.resolve(BlendConfig.load(null, System.getenv(), props)))
                  ? " " + aggregation
                  : "";
          results.add(
              time(name + " batch=" + batch + " " + orders.get(v) + how, r, benchSets, repeats));
        }
      }
    }
    RankerBenchmark.Result base = results.get(0);
    out.printf(
        "%-36s %12s %12s %10s %12s %8s %8s %10s%n",
        "variant", "ms/set", "pairs/s", "pairs", "GFLOP/set", "RSS MB", "speedup", "FLOP ratio");
    for (RankerBenchmark.Result r : results) {
      out.printf(
          "%-36s %12.2f %12.1f %10d %12.3f %8d %7.2fx %10s%n",
          r.variant(),
          r.medianMsPerSet(),
          r.pairsPerSecond(),
          r.pairsPerPass(),
          r.gflopPerSet(),
          r.rssMb(),
          base.medianMsPerSet() / r.medianMsPerSet(),
          base.gflopPerSet() > 0
              ? String.format(java.util.Locale.ROOT, "%.4f", r.gflopPerSet() / base.gflopPerSet())
              : "n/a");
    }
    out.flush();
    return 0;
  }

  private int suite(List<JudgedDataset.Item> items, java.io.PrintWriter out) throws Exception {
    int batch = batchSizes.stream().max(Integer::compare).orElseThrow();
    BenchSuite.Plan plan =
        new BenchSuite.Plan(
            device,
            modelCache.resolve(),
            model,
            Batching.bySize(batch),
            repeats == null ? 3 : repeats,
            pairSets,
            sizes,
            streamSets,
            latencySets,
            matmulSize,
            throughputPlan(5000));
    Map<String, Object> figures = new BenchSuite(plan, spec.commandLine().getErr()).run(items);
    BenchSuite.write(json, figures);
    out.printf(
        "wrote %s (%s s)%n",
        json.toAbsolutePath(), ((Map<?, ?>) figures.get("config")).get("total_s"));
    out.flush();
    return 0;
  }

  private ThroughputBench.Plan throughputPlan(int defaultRequests) {
    if (warmupPasses < 1) {
      // The first pass also opens the transactions and fetches the topics' metadata.
      throw new ParameterException(spec.commandLine(), "--warmup-passes must be at least 1");
    }
    return new ThroughputBench.Plan(
        requests == null ? defaultRequests : requests,
        repeats == null ? 3 : repeats,
        pacedLoads,
        pacedSeconds,
        warmupPasses);
  }

  private Map<String, Object> rankerProps(String name) {
    Map<String, Object> props = new HashMap<>();
    props.put(BlendConfig.RANKER, name);
    props.put(BlendConfig.RANKER_MODEL_DIR, model == null ? "" : model.toString());
    props.put(BlendConfig.DEVICE, device);
    props.put(BlendConfig.MODEL_CACHE_DIR, modelCache.resolve().toString());
    return props;
  }

  private RankerBenchmark.Result time(
      String variant, Ranker ranker, List<CandidateSet> benchSets, int repeats) {
    spec.commandLine().getErr().printf("timing %s ...%n", variant);
    spec.commandLine().getErr().flush();
    return RankerBenchmark.run(variant, ranker, benchSets, repeats);
  }
}

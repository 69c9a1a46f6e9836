package org.blendstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.blendstream.eval.EvalReport;
import org.blendstream.eval.EvalRankers;
import org.blendstream.eval.Evaluator;
import org.blendstream.eval.PoolSet;
import org.blendstream.eval.WinRateChart;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.rank.Ranker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eval}: ranks judged candidate sets and reports how the choices score against the judge, next to the
 * baselines. Its flags and JSON fields are a contract that scripts rely on; the SVG beside the JSON is for people.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate a ranker on judged candidates: win rate vs best single model, random, longest, oracle.")
public final class EvalCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ModelCacheOption modelCache;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Judged dataset (.jsonl or .jsonl.gz).")
  Path data;

  @Option(names = "--pool", required = true, split = ",", paramLabel = "MODEL",
      description = "Comma-separated pool of models; sets lacking any of them are skipped.")
  List<String> pool;

  @Option(names = "--ranker", required = true,
      description = "builtin, random, longest, or a PairRanker model directory.")
  String ranker;

  @Option(names = "--aggregation", defaultValue = "maxlogits",
      description = "maxlogits, maxwins or bubble, for pairwise rankers (default: ${DEFAULT-VALUE}).")
  String aggregation;

  @Option(names = "--limit", description = "Evaluate only the first N complete sets.")
  Integer limit;

  @Option(names = "--json", required = true, paramLabel = "OUT.json",
      description = "Where to write the report; the chart goes beside it as OUT.svg.")
  Path json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    List<PoolSet> sets = PoolSet.complete(JudgedDataset.read(data), pool);
    if (limit != null && limit < sets.size()) {
      sets = sets.subList(0, limit);
    }
    out.printf("%d sets from %s have a candidate from all %d pool models%n", sets.size(), data, pool.size());
    out.flush();
    EvalReport report;
    try (Ranker r = EvalRankers.open(ranker, aggregation, modelCache.resolve())) {
      Progress progress = new Progress("eval " + EvalRankers.label(ranker), sets.size());
      report = new Evaluator(pool).evaluate(sets, r, EvalRankers.label(ranker),
          EvalRankers.isPairwise(ranker) ? aggregation : null, progress::step);
      progress.done();
    }
    write(report);
    printTable(out, report);
    out.flush();
    return 0;
  }

  private void write(EvalReport report) throws IOException {
    Path parent = json.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
    String name = json.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    Files.writeString(parent.resolve(base + ".svg"), WinRateChart.svg(report), StandardCharsets.UTF_8);
  }

  static void printTable(PrintWriter out, EvalReport r) {
    out.printf("%n%-34s %9s%n", "strategy (" + r.nSets() + " sets)", "win rate");
    out.printf("%-34s %8.2f%%%n", "ranker " + r.ranker(), r.winRate());
    out.printf("%-34s %8.2f%%%n", "best single (" + r.bestSingle().model() + ")", r.bestSingle().winRate());
    out.printf("%-34s %8.2f%%%n", "longest", r.longest());
    out.printf("%-34s %8.2f%%%n", "random (expected)", r.random());
    out.printf("%-34s %8.2f%%%n", "oracle", r.oracle());
    for (Map.Entry<String, Double> e : r.singleModels().entrySet()) {
      out.printf("  %-32s %8.2f%%%n", e.getKey(), e.getValue());
    }
    out.printf("%nranker - best single, paired bootstrap 95%% CI: [%.2f, %.2f] points%n",
        r.winRateDeltaCi()[0], r.winRateDeltaCi()[1]);
    out.printf("pair accuracy (|dwin| >= 0.1): %s   pearson %.3f   spearman %.3f   footrule %.3f%n",
        EvalReport.pairAccuracyText(r.pairAccuracy()), r.pearson(), r.spearman(), r.footrule());
    out.printf("pairs scored %d in %.1f s (%.1f pairs/s)%n", r.pairsScored(), r.seconds(),
        r.seconds() > 0 ? r.pairsScored() / r.seconds() : 0);
  }
}

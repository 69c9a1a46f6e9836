package org.blendstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.blendstream.BlendConfig;
import org.blendstream.eval.DatasetFormat;
import org.blendstream.eval.EvalRankers;
import org.blendstream.eval.EvalReport;
import org.blendstream.eval.Evaluator;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.eval.PoolSet;
import org.blendstream.eval.TextMetrics;
import org.blendstream.eval.report.EvalHtml;
import org.blendstream.eval.report.HtmlReport;
import org.blendstream.eval.report.ReportRecorder;
import org.blendstream.eval.report.WinRateChart;
import org.blendstream.fuse.Fuser;
import org.blendstream.fuse.GenFuser;
import org.blendstream.model.DjlRuntime;
import org.blendstream.rank.Ranker;
import org.blendstream.runtime.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code eval}: ranks judged candidate sets and reports how the choices score against the judge,
 * next to the baselines; on preference pairs or MixInstruct (told apart by their fields) it reports
 * agreement or GPT-Rank instead, and wherever requests carry references, BLEU and ROUGE of the
 * selected (and fused) answers. Its flags and JSON fields are a contract that scripts rely on; the
 * SVG beside the JSON is for people.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Evaluate a ranker on judged candidates (win rate vs best single model, random, longest,"
            + " oracle), on preference pairs (agreement) or on MixInstruct (GPT-Rank, Top-3);"
            + " BLEU/ROUGE where there are references.")
public final class EvalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ModelCacheOption modelCache;

  @Option(
      names = "--data",
      required = true,
      split = ",",
      paramLabel = "FILE",
      description =
          "Judged dataset (.jsonl or .jsonl.gz); repeat or comma-separate to merge files, e.g."
              + " train and dev.")
  List<Path> data;

  @Option(
      names = "--pool",
      split = ",",
      paramLabel = "MODEL",
      description =
          "Comma-separated pool of models; sets lacking any of them are skipped. Needed for judged"
              + " data; pairwise and MixInstruct files bring their own candidates.")
  List<String> pool;

  @Option(
      names = "--format",
      defaultValue = "auto",
      paramLabel = "KIND",
      description =
          "auto (by the first record's fields), judged, pairwise or mixinstruct (default:"
              + " ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--fuser",
      paramLabel = "DIR",
      description =
          "A GenFuser model directory: also fuse the top K of each set and report BLEU/ROUGE of the"
              + " fused answers next to the selected ones, against the references.")
  Path fuser;

  @Option(
      names = "--fuser-top-k",
      defaultValue = "3",
      paramLabel = "K",
      description = "Candidates the fuser reads, best first (default: ${DEFAULT-VALUE}).")
  int fuserTopK;

  @Option(
      names = "--ranker",
      split = ",",
      description =
          "ensemble, ensemble-no-prior, prior, consensus-lexical, consensus-embedding, length,"
              + " builtin, random, longest, or a PairRanker model directory; with --folds, a"
              + " comma-separated list (one table row each), and ensemble:<signal>+<signal>... for"
              + " any recipe.")
  List<String> rankers;

  @Option(
      names = "--folds",
      arity = "0..1",
      fallbackValue = "5",
      paramLabel = "K",
      description =
          "Cross-validate over instructions with K folds (default when given without K: 5): every"
              + " learned part, the best single model included, is fitted on the training folds"
              + " only. Without it, the shipped weights are scored on all of the data, which is"
              + " fair only on instructions they never saw.")
  Integer folds;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed of the fold hash (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--details",
      paramLabel = "FILE.jsonl",
      description =
          "With --folds: one line per held set and strategy (chosen model, every score, the judge's"
              + " wins).")
  Path details;

  @Option(
      names = "--aggregation",
      defaultValue = "maxlogits",
      description =
          "maxlogits, maxwins or bubble, for pairwise rankers (default: ${DEFAULT-VALUE}).")
  String aggregation;

  @Option(
      names = "-D",
      paramLabel = "judge.KEY=VALUE",
      mapFallbackValue = "",
      description =
          "A judge.* setting for --ranker llm-judge (judge.base.url, judge.model, judge.strategy,"
              + " ...); BLENDSTREAM_JUDGE_* environment variables, the API key among them, are read"
              + " as run reads them.")
  Map<String, String> judgeSettings = new java.util.HashMap<>();

  @Option(
      names = "--judge-cache",
      paramLabel = "FILE",
      description =
          "With --ranker llm-judge: a verdict cache file, read at start and appended to, so that a"
              + " rerun (or one after an interruption) pays only for verdicts it has not seen.")
  Path judgeCache;

  @Option(
      names = "--simulate-feedback",
      paramLabel = "RATE",
      description =
          "Replay the judged sets in seeded orders; after each, with probability RATE, its judged"
              + " outcomes become feedback for the stream's online prior. Prints learning curves"
              + " (win rate, pair accuracy per segment) for no prior, the online prior and a static"
              + " prior fitted on all sets, with 95%% t-intervals over orders. Needs --pool; no"
              + " --ranker (the shipped ensemble ranks).")
  Double simulateFeedback;

  @Option(
      names = "--orders",
      defaultValue = "10",
      paramLabel = "N",
      description =
          "With --simulate-feedback: seeded orders to replay (default: ${DEFAULT-VALUE}).")
  int orders;

  @Option(
      names = "--segment",
      defaultValue = "50",
      paramLabel = "S",
      description =
          "With --simulate-feedback: sets per point of the curve (default: ${DEFAULT-VALUE}).")
  int segment;

  @Option(
      names = "--prior-method",
      defaultValue = "bradley-terry",
      paramLabel = "M",
      description =
          "With --simulate-feedback: bradley-terry or mean, as prior.method (default:"
              + " ${DEFAULT-VALUE}).")
  String priorMethod;

  @Option(
      names = "--half-life",
      defaultValue = "200",
      paramLabel = "H",
      description =
          "With --simulate-feedback: feedback records after which one counts half, as"
              + " prior.half.life; 0: no decay (default: ${DEFAULT-VALUE}).")
  double halfLife;

  @Option(
      names = "--upgrade",
      paramLabel = "A=B@K",
      description =
          "With --simulate-feedback: model A answers with model B's answers from the K-th set of"
              + " each order on; reports the feedback records until A ranks first by its online"
              + " strength.")
  String upgrade;

  @Option(
      names = "--limit",
      description = "Evaluate only the first N complete sets (with --folds: per held fold).")
  Integer limit;

  @Option(
      names = "--json",
      required = true,
      paramLabel = "OUT.json",
      description =
          "Where to write the report; for judged data the chart goes beside it as OUT.svg.")
  Path json;

  @Option(
      names = "--report",
      paramLabel = "FILE.html",
      description =
          "Also write a self-contained HTML report (inline SVG, no scripts): win rates with"
              + " intervals, the chosen-model distribution, one ranking matrix and, with --folds,"
              + " the spread over folds.")
  Path html;

  @Option(
      names = "--report-set",
      paramLabel = "ID",
      description =
          "The set whose ranking matrix the report shows (default: the first set ranked).")
  String reportSet;

  @Override
  public Integer call() throws IOException {
    DatasetFormat kind = format();
    if (simulateFeedback != null) {
      if (kind != DatasetFormat.JUDGED || folds != null || rankers != null) {
        throw new ParameterException(
            spec.commandLine(),
            "--simulate-feedback replays judged data with the shipped"
                + " ensemble: give --data and --pool, without --folds or --ranker");
      }
      return new FeedbackSimulationRun(spec, this).call();
    }
    if (rankers == null || rankers.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "Missing required option: '--ranker=<rankers>'");
    }
    if (folds != null) {
      if (kind != DatasetFormat.JUDGED) {
        throw new ParameterException(
            spec.commandLine(),
            "--folds cross-validates judged data only; " + dataNames() + " is " + kind.label());
      }
      if (fuser != null) {
        throw new ParameterException(spec.commandLine(), "--fuser runs without --folds");
      }
      if (rankers.contains(org.blendstream.rank.LlmJudgeRanker.NAME)) {
        // The judge has nothing to fit per fold; scoring it on all the data once is the same
        // figure, paid once.
        throw new ParameterException(spec.commandLine(), "--ranker llm-judge runs without --folds");
      }
      return new CrossValidationRun(spec, this).call();
    }
    if (rankers.size() != 1) {
      throw new ParameterException(
          spec.commandLine(), "without --folds, name exactly one --ranker");
    }
    if (details != null) {
      throw new ParameterException(spec.commandLine(), "--details needs --folds");
    }
    return switch (kind) {
      case PAIRWISE -> new OfflineFormats(spec, this).pairwise();
      case MIXINSTRUCT -> new OfflineFormats(spec, this).mixInstruct();
      case JUDGED -> judged();
    };
  }

  /** The format of every --data file, which must agree; auto reads each file's first record. */
  DatasetFormat format() {
    DatasetFormat kind = null;
    for (Path file : data) {
      DatasetFormat f;
      try {
        f = DatasetFormat.parse(format, file);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      if (kind != null && f != kind) {
        throw new ParameterException(
            spec.commandLine(),
            "the --data files mix formats: "
                + data.get(0)
                + " is "
                + kind.label()
                + ", "
                + file
                + " is "
                + f.label());
      }
      kind = f;
    }
    if (kind == DatasetFormat.JUDGED && (pool == null || pool.isEmpty())) {
      throw new ParameterException(
          spec.commandLine(), "judged data needs --pool: the models every set must have");
    }
    return kind;
  }

  /**
   * The ranker, with the judge's settings from the environment (BLENDSTREAM_JUDGE_*) and then from
   * -D.
   */
  Ranker openRanker(String ranker) {
    Map<String, String> judge = new java.util.HashMap<>();
    BlendConfig.load(null, System.getenv(), Map.of())
        .originals()
        .forEach(
            (k, v) -> {
              if (k.startsWith("judge.")) {
                judge.put(k, String.valueOf(v));
              }
            });
    judge.putAll(judgeSettings);
    return EvalRankers.open(ranker, aggregation, modelCache.resolve(), judge, judgeCache);
  }

  private int judged() throws IOException {
    String ranker = rankers.get(0);
    PrintWriter out = spec.commandLine().getOut();
    List<PoolSet> sets = PoolSet.complete(items(), pool);
    if (limit != null && limit < sets.size()) {
      sets = sets.subList(0, limit);
    }
    out.printf(
        "%d sets from %s have a candidate from all %d pool models%n",
        sets.size(), dataNames(), pool.size());
    out.println(
        "no cross-validation: the shipped weights are scored as they are; quote this only for"
            + " instructions they never saw (for a figure that holds on new instructions, use"
            + " --folds)");
    out.flush();
    if (reportSet != null && sets.stream().noneMatch(s -> s.id().equals(reportSet))) {
      throw new ParameterException(
          spec.commandLine(), "--report-set " + reportSet + " is not among the evaluated sets");
    }
    ReportRecorder recorder = new ReportRecorder(reportSet);
    EvalReport report;
    TextMetrics.Report text;
    try (Ranker r = openRanker(ranker);
        Fuser f = openFuser()) {
      TextMetrics metrics = new TextMetrics(f, fuserTopK);
      Progress progress = new Progress("eval " + EvalRankers.label(ranker), sets.size());
      report =
          new Evaluator(pool)
              .evaluate(
                  sets,
                  html == null ? r : recorder.wrap(r),
                  EvalRankers.label(ranker),
                  EvalRankers.isPairwise(ranker) ? aggregation : null,
                  (s, ranking) -> {
                    metrics.add(s.set(), ranking);
                    progress.step();
                  });
      progress.done();
      text = metrics.report();
    }
    write(report, text);
    if (html != null) {
      writeHtml(html, EvalHtml.single(report, sets, recorder));
    }
    printTable(out, report);
    OfflineFormats.printTextMetrics(out, text);
    out.flush();
    return 0;
  }

  /**
   * The fuser of --fuser, or null; eval runs it on the CPU unless DJL sees a GPU, as it does the
   * rankers.
   */
  Fuser openFuser() {
    return fuser == null ? null : GenFuser.open(fuser, DjlRuntime.device("auto"));
  }

  List<JudgedDataset.Item> items() {
    return JudgedDataset.readAll(data);
  }

  List<String> dataNames() {
    return data.stream().map(Path::toString).toList();
  }

  private void write(EvalReport report, TextMetrics.Report text) throws IOException {
    writeJson(json, report, text);
    Files.writeString(svgBeside(json), WinRateChart.svg(report), StandardCharsets.UTF_8);
  }

  static void writeJson(Path file, Object report) throws IOException {
    writeJson(file, report, null);
  }

  /**
   * The report's own fields, then {@code text_metrics} when there is one, so older readers see what
   * they knew.
   */
  static void writeJson(Path file, Object report, TextMetrics.Report text) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode node = mapper.valueToTree(report);
    if (text != null) {
      node.set("text_metrics", mapper.valueToTree(text));
    }
    mapper.writeValue(file.toFile(), node);
  }

  static void writeHtml(Path file, HtmlReport page) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, page.render(), StandardCharsets.UTF_8);
  }

  /** OUT.json's chart is OUT.svg, beside it. */
  static Path svgBeside(Path json) {
    String name = json.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return json.toAbsolutePath().getParent().resolve(base + ".svg");
  }

  static void printTable(PrintWriter out, EvalReport r) {
    out.printf("%n%-34s %9s%n", "strategy (" + r.nSets() + " sets)", "win rate");
    out.printf("%-34s %8.2f%%%n", "ranker " + r.ranker(), r.winRate());
    out.printf(
        "%-34s %8.2f%%%n",
        "best single (" + r.bestSingle().model() + ")", r.bestSingle().winRate());
    out.printf("%-34s %8.2f%%%n", "longest", r.longest());
    out.printf("%-34s %8.2f%%%n", "random (expected)", r.random());
    out.printf("%-34s %8.2f%%%n", "oracle", r.oracle());
    for (Map.Entry<String, Double> e : r.singleModels().entrySet()) {
      out.printf("  %-32s %8.2f%%%n", e.getKey(), e.getValue());
    }
    out.printf(
        "%nranker - best single, paired bootstrap 95%% CI: [%.2f, %.2f] points%n",
        r.winRateDeltaCi()[0], r.winRateDeltaCi()[1]);
    out.printf(
        "pair accuracy (|dwin| >= 0.1): %s   pearson %.3f   spearman %.3f   footrule %.3f%n",
        EvalReport.pairAccuracyText(r.pairAccuracy()), r.pearson(), r.spearman(), r.footrule());
    out.printf(
        "pairs scored %d in %.1f s (%.1f pairs/s)%n",
        r.pairsScored(), r.seconds(), r.seconds() > 0 ? r.pairsScored() / r.seconds() : 0);
  }
}

package org.blendstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.blendstream.eval.CrossValidator;
import org.blendstream.eval.CvReport;
import org.blendstream.eval.CvStrategies;
import org.blendstream.eval.FoldStrategy;
import org.blendstream.eval.Folds;
import org.blendstream.eval.HistoryPrior;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.eval.PoolSet;
import org.blendstream.eval.report.CvChart;
import org.blendstream.eval.report.EvalHtml;
import org.blendstream.eval.report.ReportRecorder;
import org.blendstream.runtime.Progress;
import picocli.CommandLine.Model.CommandSpec;

/** {@code eval --folds K}: one table row per strategy, each fitted and scored fold by fold. */
final class CrossValidationRun {

  private final CommandSpec spec;
  private final EvalCommand options;

  CrossValidationRun(CommandSpec spec, EvalCommand options) {
    this.spec = spec;
    this.options = options;
  }

  Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    List<JudgedDataset.Item> items = options.items();
    int perFold = options.limit == null ? 0 : options.limit;
    int complete = PoolSet.complete(items, options.pool).size();
    Folds folds = new Folds(options.folds, options.seed);
    out.printf(
        Locale.ROOT,
        "%d instructions from %s, %d with a candidate from all %d pool models; %d folds by"
            + " instruction (seed %d)%n",
        items.size(),
        String.join(", ", options.dataNames()),
        complete,
        options.pool.size(),
        folds.k(),
        folds.seed());
    out.flush();
    CvReport report;
    ObjectMapper json = new ObjectMapper();
    ReportRecorder recorder = new ReportRecorder(options.reportSet);
    List<CrossValidator.SetOutcome> outcomes = new ArrayList<>();
    try (CvStrategies strategies =
            new CvStrategies(
                options.pool,
                options.modelCache.resolve(),
                options.aggregation,
                HistoryPrior::fit);
        BufferedWriter details = options.details == null ? null : open(options.details)) {
      List<FoldStrategy> chosen = new ArrayList<>();
      for (String name : options.rankers) {
        FoldStrategy s = strategies.of(name);
        // The report's matrix is the first strategy's: one set, seen once, in the fold that holds
        // it.
        chosen.add(options.html != null && chosen.isEmpty() ? recorder.wrap(s) : s);
      }
      long toScore = perFold > 0 ? Math.min(complete, (long) perFold * folds.k()) : complete;
      Progress progress =
          new Progress("cross-validate " + chosen.size() + " strategies", toScore * chosen.size());
      report =
          new CrossValidator(options.pool, folds, perFold)
              .run(
                  items,
                  options.dataNames(),
                  chosen,
                  outcome -> {
                    if (options.html != null) {
                      outcomes.add(outcome);
                    }
                    if (details != null) {
                      try {
                        details.write(json.writeValueAsString(outcome));
                        details.newLine();
                      } catch (IOException e) {
                        throw new UncheckedIOException("cannot write " + options.details, e);
                      }
                    }
                  },
                  progress::step);
      progress.done();
    }
    EvalCommand.writeJson(options.json, report);
    Files.writeString(
        EvalCommand.svgBeside(options.json), CvChart.svg(report), StandardCharsets.UTF_8);
    if (options.html != null) {
      EvalCommand.writeHtml(
          options.html,
          EvalHtml.crossValidation(
              report, PoolSet.complete(items, options.pool), outcomes, recorder));
    }
    printTable(out, report);
    out.flush();
    return 0;
  }

  private static BufferedWriter open(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  static void printTable(PrintWriter out, CvReport r) {
    out.printf(
        Locale.ROOT,
        "%n%d-fold cross-validation over %d held sets; mean ± sd over folds%n",
        r.folds(),
        r.nSets());
    out.printf(
        Locale.ROOT,
        "%-42s %15s %15s %15s %16s  %s%n",
        "strategy",
        "win rate %",
        "pair acc %",
        "spearman",
        "Δ best single",
        "Δ 95% CI (pooled)");
    for (CvReport.Strategy s : r.strategies()) {
      out.printf(
          Locale.ROOT,
          "%-42s %15s %15s %15s %16s  [%+.2f, %+.2f]%n",
          s.name(),
          spread(s.winRate(), 2),
          s.pairAccuracy() == null ? "n/a" : spread(s.pairAccuracy(), 1),
          spread(s.spearman(), 3),
          signed(s.delta()),
          s.deltaCi()[0],
          s.deltaCi()[1]);
    }
    out.println();
    for (CvReport.FoldBaseline b : r.baselines()) {
      out.printf(
          Locale.ROOT,
          "fold %d: %d sets; best single on its training folds %s, %.2f%% here; random %.2f%%,"
              + " oracle %.2f%%%n",
          b.fold(),
          b.nSets(),
          b.bestSingle(),
          b.bestSingleWinRate(),
          b.random(),
          b.oracle());
    }
    for (CvReport.Strategy s : r.strategies()) {
      out.printf(Locale.ROOT, "%s: %s%n", s.name(), s.note());
    }
  }

  private static String spread(CvReport.Spread s, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f ± %." + digits + "f", s.mean(), s.sd());
  }

  private static String signed(CvReport.Spread s) {
    return String.format(Locale.ROOT, "%+.2f ± %.2f", s.mean(), s.sd());
  }
}

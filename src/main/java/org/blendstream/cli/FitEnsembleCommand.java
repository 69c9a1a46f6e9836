package org.blendstream.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.blendstream.eval.EnsembleFit;
import org.blendstream.eval.HistoryPrior;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.rank.CandidateSignal;
import org.blendstream.rank.EnsembleWeights;
import org.blendstream.rank.Signals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fit-ensemble}: fits the ensemble's weights on judged history with the same code that
 * cross-validation refits per fold, and writes them with their provenance. Which recipe to ship is
 * decided by {@code eval --folds}, never by this command's own fit.
 */
@Command(
    name = "fit-ensemble",
    mixinStandardHelpOptions = true,
    description =
        "Fit the ensemble ranker's weights on judged data (the prior cross-fitted) and write them"
            + " as JSON.")
final class FitEnsembleCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ModelCacheOption modelCache;

  @Option(
      names = "--data",
      required = true,
      split = ",",
      paramLabel = "FILE",
      description = "Judged datasets.")
  List<Path> data;

  @Option(
      names = "--pool",
      required = true,
      split = ",",
      paramLabel = "MODEL",
      description = "Pool whose sets the weights are fitted on.")
  List<String> pool;

  @Option(
      names = "--terms",
      required = true,
      split = ",",
      paramLabel = "SIGNAL",
      description =
          "Signals of the recipe, e.g. length,consensus-lexical,prior; all but prior are"
              + " standardised within their set.")
  List<String> terms;

  @Option(
      names = "--version",
      defaultValue = "1",
      description = "Version written into the file and the outputs.")
  String version;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE.json",
      description = "Where to write the weights.")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    List<JudgedDataset.Item> items = JudgedDataset.readAll(data);
    List<EnsembleFit.TermSpec> specs = new ArrayList<>();
    Map<String, CandidateSignal> signals = new HashMap<>();
    try (Signals source = new Signals(modelCache.resolve(), "auto")) {
      for (String t : terms) {
        boolean prior = t.equals(EnsembleFit.PRIOR);
        specs.add(new EnsembleFit.TermSpec(t, !prior));
        if (!prior) {
          signals.put(t, source.open(t));
        }
      }
      w.printf(
          Locale.ROOT,
          "fitting %s on %d instructions of %s%n",
          String.join(" + ", terms),
          items.size(),
          data);
      w.flush();
      long started = System.nanoTime();
      EnsembleFit.Fitted fitted =
          new EnsembleFit(pool, specs, signals, HistoryPrior::fit).fit(items, version);
      Map<String, Object> provenance = new LinkedHashMap<>(fitted.weights().provenance());
      provenance.put("data", data.stream().map(p -> p.getFileName().toString()).toList());
      provenance.put("fitted_at", Instant.now().toString());
      provenance.put(
          "command",
          "fit-ensemble --data "
              + String.join(",", data.stream().map(p -> p.getFileName().toString()).toList())
              + " --pool "
              + String.join(",", pool)
              + " --terms "
              + String.join(",", terms)
              + " --version "
              + version);
      EnsembleWeights weights =
          new EnsembleWeights(
              EnsembleWeights.FORMAT, version, fitted.weights().terms(), provenance);
      weights.write(out);
      for (EnsembleWeights.Term t : weights.terms()) {
        w.printf(
            Locale.ROOT,
            "  %-24s weight %+.4f%s%n",
            t.signal(),
            t.weight(),
            t.standardize() ? " (standardised)" : "");
      }
      w.printf(Locale.ROOT, "wrote %s in %.1f s%n", out, (System.nanoTime() - started) / 1e9);
    }
    w.flush();
    return 0;
  }
}

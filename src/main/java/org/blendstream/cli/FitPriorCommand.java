package org.blendstream.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.blendstream.eval.HistoryPrior;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.eval.PriorFit;
import org.blendstream.rank.ModelPrior;
import org.blendstream.rank.StrengthFit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fit-prior}: fits a per-model prior (the {@code prior} ranker's strengths) from judged data
 * and writes it as a versioned JSON file with its provenance, for {@code ranker.prior.file}.
 */
@Command(
    name = "fit-prior",
    mixinStandardHelpOptions = true,
    description =
        "Fit a per-model prior (Bradley-Terry or shrunk mean win) from judged data into a JSON"
            + " file.")
public final class FitPriorCommand implements Callable<Integer> {

  /**
   * The license every prior fitted on AlpacaEval inherits; see
   * src/main/resources/samples/README.md.
   */
  static final String ALPACAEVAL_ATTRIBUTION =
      "Derived from AlpacaEval 2.0 judge annotations (github.com/tatsu-lab/alpaca_eval,"
          + " weighted_alpaca_eval_gpt4_turbo); AlpacaEval data is licensed CC BY-NC 4.0: research"
          + " and demonstration only.";

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE",
      description =
          "Judged dataset (.jsonl[.gz]); repeat for several. An instruction id seen twice counts"
              + " once.")
  List<Path> data;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "prior.json",
      description = "Where to write the prior.")
  Path out;

  @Option(
      names = "--method",
      defaultValue = StrengthFit.BRADLEY_TERRY,
      description = "bradley-terry or mean (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(
      names = "--margin",
      defaultValue = "0.1",
      description =
          "Bradley-Terry: a pair counts when its wins differ by at least this (default:"
              + " ${DEFAULT-VALUE}).")
  double margin;

  @Option(
      names = "--l2",
      description =
          "Shrinkage toward the neutral prior (default: 1 for bradley-terry, "
              + "10 pseudo-observations for mean).")
  Double l2;

  @Option(
      names = "--attribution",
      description =
          "License and source note written into the file "
              + "(default: the AlpacaEval CC BY-NC 4.0 note).")
  String attribution;

  @Option(
      names = "--show",
      defaultValue = "5",
      description = "Strongest and weakest models to print (default: ${DEFAULT-VALUE}).")
  int show;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    StrengthFit.Options options = new StrengthFit.Options(method, margin, l2);
    long began = System.nanoTime();
    Set<String> seen = new LinkedHashSet<>();
    List<Map<String, Double>> outcomes = new ArrayList<>();
    int duplicates = 0;
    long candidates = 0;
    for (Path file : data) {
      for (JudgedDataset.Item item : JudgedDataset.read(file)) {
        if (!seen.add(item.id())) {
          duplicates++;
          continue;
        }
        Map<String, Double> wins = HistoryPrior.winsByModel(item);
        candidates += wins.size();
        outcomes.add(wins);
      }
    }
    double readSeconds = (System.nanoTime() - began) / 1e9;
    out.printf(
        "read %d instructions, %d judged candidates from %d file(s) in %.1f s (%.0f"
            + " instructions/s)%s%n",
        outcomes.size(),
        candidates,
        data.size(),
        readSeconds,
        outcomes.size() / Math.max(readSeconds, 1e-9),
        duplicates > 0 ? "; skipped " + duplicates + " repeated instruction ids" : "");
    long fitBegan = System.nanoTime();
    ModelPrior fitted = PriorFit.fit(outcomes, options);
    double fitSeconds = (System.nanoTime() - fitBegan) / 1e9;
    ModelPrior prior =
        fitted.withProvenance(
            new ModelPrior.Provenance(
                data.stream().map(Path::toString).toList(),
                outcomes.size(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                commandLine(),
                attribution != null ? attribution : ALPACAEVAL_ATTRIBUTION));
    prior.write(this.out);
    long comparisons =
        prior.models().values().stream().mapToLong(ModelPrior.Entry::comparisons).sum();
    out.printf(
        "fitted %s (l2 %s, margin %s) over %d models in %.3f s: %d %s%n",
        prior.method(),
        prior.l2(),
        prior.margin(),
        prior.models().size(),
        fitSeconds,
        StrengthFit.BRADLEY_TERRY.equals(prior.method()) ? comparisons / 2 : comparisons,
        StrengthFit.BRADLEY_TERRY.equals(prior.method()) ? "comparisons" : "observations");
    List<Map.Entry<String, ModelPrior.Entry>> ranked = new ArrayList<>(prior.models().entrySet());
    int k = Math.min(show, ranked.size());
    out.println("strongest:");
    ranked.subList(0, k).forEach(e -> print(out, e));
    out.println("weakest:");
    ranked.subList(Math.max(k, ranked.size() - k), ranked.size()).forEach(e -> print(out, e));
    out.printf("wrote %s%n", this.out);
    out.flush();
    return 0;
  }

  private static void print(PrintWriter out, Map.Entry<String, ModelPrior.Entry> e) {
    out.printf(
        "  %-40s %+7.3f  (%d)%n", e.getKey(), e.getValue().strength(), e.getValue().comparisons());
  }

  private String commandLine() {
    return "blendstream " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
  }
}

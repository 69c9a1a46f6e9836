package org.blendstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.blendstream.eval.EvalRankers;
import org.blendstream.eval.MixInstruct;
import org.blendstream.eval.MixInstructEvaluator;
import org.blendstream.eval.MixInstructReport;
import org.blendstream.eval.PairwiseDataset;
import org.blendstream.eval.PairwiseEvaluator;
import org.blendstream.eval.PairwiseReport;
import org.blendstream.eval.TextMetrics;
import org.blendstream.eval.report.EvalHtml;
import org.blendstream.fuse.Fuser;
import org.blendstream.rank.Ranker;
import org.blendstream.runtime.Progress;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code eval} on the formats that bring their own labels instead of judge scores: preference pairs
 * and MixInstruct. Same flags, same JSON conventions (snake_case, % for shares), one report each.
 */
final class OfflineFormats {

  private final CommandSpec spec;
  private final EvalCommand options;

  OfflineFormats(CommandSpec spec, EvalCommand options) {
    this.spec = spec;
    this.options = options;
  }

  int pairwise() throws IOException {
    if (options.fuser != null) {
      throw new ParameterException(
          spec.commandLine(), "--fuser needs references; a pairwise file has none");
    }
    String ranker = options.rankers.get(0);
    PrintWriter out = spec.commandLine().getOut();
    List<PairwiseDataset.Pair> pairs = PairwiseDataset.readAll(options.data);
    if (options.limit != null && options.limit < pairs.size()) {
      pairs = pairs.subList(0, options.limit);
    }
    out.printf("%d pairs from %s (pairwise format)%n", pairs.size(), options.dataNames());
    out.flush();
    PairwiseReport report;
    try (Ranker r = options.openRanker(ranker)) {
      Progress progress = new Progress("eval " + EvalRankers.label(ranker), pairs.size());
      report =
          new PairwiseEvaluator()
              .evaluate(
                  pairs,
                  r,
                  EvalRankers.label(ranker),
                  EvalRankers.isPairwise(ranker) ? options.aggregation : null,
                  progress::step);
      progress.done();
    }
    EvalCommand.writeJson(options.json, report);
    if (options.html != null) {
      EvalCommand.writeHtml(options.html, EvalHtml.pairwise(report));
    }
    printPairwise(out, report);
    out.flush();
    return 0;
  }

  static void printPairwise(PrintWriter out, PairwiseReport r) {
    out.printf(
        "%nranker %s on %d pairs (%d labelled tie); preference = %s; intervals: %s%n",
        r.ranker(), r.nPairs(), r.nLabelTies(), r.preference(), r.interval());
    out.printf("%-36s %s%n", "agreement (pairs not labelled tie)", r.agreement().text());
    out.printf("%-36s %s%n", "agreement, ties counted as misses", r.agreementTiesAsMisses().text());
    out.printf("ranker ties (no preference, half a hit each): %d%n", r.rankerTies());
    out.printf(
        "%n%-20s %5s %5s  %-30s %s%n", "scenario", "pairs", "ties", "agreement", "ties as misses");
    for (Map.Entry<String, PairwiseReport.Group> e : r.byScenario().entrySet()) {
      PairwiseReport.Group g = e.getValue();
      out.printf(
          "%-20s %5d %5d  %-30s %s%n",
          e.getKey(),
          g.nPairs(),
          g.nLabelTies(),
          g.agreement().text(),
          g.agreementTiesAsMisses().text());
    }
    out.printf("pairs scored %d in %.1f s%n", r.pairsScored(), r.seconds());
  }

  int mixInstruct() throws IOException {
    String ranker = options.rankers.get(0);
    PrintWriter out = spec.commandLine().getOut();
    List<MixInstruct.Example> all = MixInstruct.readAll(options.data);
    List<MixInstructEvaluator.Scored> examples = MixInstructEvaluator.withVerdicts(all);
    int skipped = all.size() - examples.size();
    if (options.limit != null && options.limit < examples.size()) {
      examples = examples.subList(0, options.limit);
    }
    out.printf(
        "%d MixInstruct examples from %s, %d with ChatGPT verdicts (the rest have none and are"
            + " skipped)%s%n",
        all.size(),
        options.dataNames(),
        all.size() - skipped,
        examples.size() < all.size() - skipped ? "; scoring the first " + examples.size() : "");
    out.flush();
    MixInstructReport report;
    TextMetrics.Report text;
    try (Ranker r = options.openRanker(ranker);
        Fuser f = options.openFuser()) {
      TextMetrics metrics = new TextMetrics(f, options.fuserTopK);
      Progress progress = new Progress("eval " + EvalRankers.label(ranker), examples.size());
      report =
          new MixInstructEvaluator()
              .evaluate(
                  examples,
                  skipped,
                  r,
                  EvalRankers.label(ranker),
                  EvalRankers.isPairwise(ranker) ? options.aggregation : null,
                  (s, ranking) -> {
                    metrics.add(s.set(), ranking);
                    progress.step();
                  });
      progress.done();
      text = metrics.report();
    }
    EvalCommand.writeJson(options.json, report, text);
    printMixInstruct(out, report);
    printTextMetrics(out, text);
    out.flush();
    return 0;
  }

  static void printMixInstruct(PrintWriter out, MixInstructReport r) {
    out.printf(
        "%n%-34s %9s %7s%n", "strategy (" + r.nExamples() + " examples)", "GPT-Rank", "Top-3");
    out.printf("%-34s %9.2f %6.2f%%%n", "ranker " + r.ranker(), r.gptRank(), r.top3());
    out.printf("%-34s %9.2f %6.2f%%%n", "longest", r.longest().gptRank(), r.longest().top3());
    out.printf(
        "%-34s %9.2f %6.2f%%%n", "random (expected)", r.random().gptRank(), r.random().top3());
    out.printf("%-34s %9.2f %6.2f%%%n", "oracle", 1.0, 100.0);
    for (Map.Entry<String, MixInstructReport.Figures> e : r.singleModels().entrySet()) {
      out.printf(
          "  %-32s %9.2f %6.2f%%%n", e.getKey(), e.getValue().gptRank(), e.getValue().top3());
    }
    out.printf("oracle: %s; lower GPT-Rank is better%n", r.oracle());
    if (!r.chosenScores().isEmpty()) {
      StringBuilder sb = new StringBuilder("mean scores of the chosen candidates:");
      r.chosenScores().forEach((m, v) -> sb.append(String.format(Locale.ROOT, " %s %.4f", m, v)));
      out.println(sb);
    }
    out.printf("pairs scored %d in %.1f s%n", r.pairsScored(), r.seconds());
  }

  static void printTextMetrics(PrintWriter out, TextMetrics.Report t) {
    if (t.modes().isEmpty()) {
      out.printf(
          "%ntext metrics: none of the %d sets carries a reference, so there is no BLEU or ROUGE%n",
          t.withoutReference());
      return;
    }
    out.printf(
        "%ntext metrics against the reference (%d sets%s)%n",
        t.withReference(),
        t.withoutReference() > 0
            ? ", " + t.withoutReference() + " without a reference left out"
            : "");
    out.printf(
        "%-10s %5s %8s %8s %8s %9s%n", "mode", "n", "BLEU", "ROUGE-1", "ROUGE-2", "ROUGE-Lsum");
    for (TextMetrics.ModeScores m : t.modes()) {
      out.printf(
          "%-10s %5d %8.2f %8.2f %8.2f %9.2f%n",
          m.mode(), m.n(), m.bleu(), m.rouge1(), m.rouge2(), m.rougeLsum());
    }
    if (t.fuser() == null) {
      out.println(
          "fused: not run (give --fuser DIR to fuse the top K and score those answers too)");
    } else {
      out.printf("fused: %s over the top %d candidates of each set%n", t.fuser(), t.topK());
    }
    out.printf("BLEU: %s%nROUGE: %s%n", TextMetrics.BLEU, TextMetrics.ROUGE);
  }
}

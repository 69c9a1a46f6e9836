package org.blendstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.blendstream.eval.FeedbackSimulation;
import org.blendstream.runtime.Progress;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code eval --simulate-feedback RATE}: the learning curves of a prior learned from feedback, next
 * to no prior and a static prior fitted on everything (see {@link FeedbackSimulation}). The table
 * goes to stdout, progress to stderr, and the whole result, with the arguments, to {@code --json}.
 */
final class FeedbackSimulationRun {

  private final CommandSpec spec;
  private final EvalCommand options;

  FeedbackSimulationRun(CommandSpec spec, EvalCommand options) {
    this.spec = spec;
    this.options = options;
  }

  int call() throws IOException {
    FeedbackSimulation.Settings settings;
    FeedbackSimulation simulation;
    try {
      FeedbackSimulation.Upgrade upgrade =
          options.upgrade == null ? null : FeedbackSimulation.Upgrade.parse(options.upgrade);
      settings =
          new FeedbackSimulation.Settings(
              options.simulateFeedback,
              options.orders,
              options.segment,
              options.priorMethod,
              options.halfLife,
              options.seed,
              upgrade);
      simulation = new FeedbackSimulation(options.items(), options.pool, upgrade);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    out.printf(
        "%d sets from %s have a candidate from all %d pool models%s; feedback rate %.2f, %s,"
            + " half-life %s, %d orders (seed %d), segments of %d%n",
        simulation.size(),
        options.dataNames(),
        options.pool.size(),
        settings.upgrade() == null ? "" : " and from " + settings.upgrade().replacement(),
        settings.rate(),
        settings.method(),
        settings.halfLife() > 0 ? fmt(settings.halfLife()) + " records" : "none (no decay)",
        settings.orders(),
        settings.seed(),
        settings.segment());
    out.flush();
    Progress progress = new Progress("simulating", settings.orders(), err);
    FeedbackSimulation.Result result = simulation.run(settings, line -> progress.step());
    progress.done();
    out.println(
        "mean over orders [95% t-interval]; win rate and pair accuracy in percent; prior: none,"
            + " online (learned from the feedback before each set), static (fitted on all sets)");
    out.printf(
        "%-9s | %-22s %-22s %-22s | %-20s %-20s %-20s | %s%n",
        "sets",
        "win none",
        "win online",
        "win static",
        "pair none",
        "pair online",
        "pair static",
        "pair online-static");
    for (FeedbackSimulation.Segment s : result.segments()) {
      out.printf(
          "%-9s | %-22s %-22s %-22s | %-20s %-20s %-20s | %s%n",
          s.from() + "-" + s.to(),
          est(s.winRate().get("none"), 2),
          est(s.winRate().get("online"), 2),
          est(s.winRate().get("static"), 2),
          est(s.pairAccuracy().get("none"), 1),
          est(s.pairAccuracy().get("online"), 1),
          est(s.pairAccuracy().get("static"), 1),
          est(s.pairAccuracyGapOnlineStatic(), 1));
    }
    if (settings.upgrade() != null) {
      List<Integer> first = result.recordsToFirst();
      List<Integer> reached = first.stream().filter(Objects::nonNull).sorted().toList();
      out.printf(
          "upgrade %s: %s ranked first after %s feedback records (median over the %d of %d orders"
              + " where it did; per order: %s)%n",
          settings.upgrade(),
          settings.upgrade().model(),
          reached.isEmpty() ? "never" : fmt(median(reached)),
          reached.size(),
          first.size(),
          first);
    }
    out.flush();
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("command", "eval --simulate-feedback");
    report.put("data", options.dataNames());
    report.put("result", result);
    if (options.json.toAbsolutePath().getParent() != null) {
      java.nio.file.Files.createDirectories(options.json.toAbsolutePath().getParent());
    }
    json.writeValue(options.json.toFile(), report);
    out.println("wrote " + options.json);
    out.flush();
    return 0;
  }

  private static double median(List<Integer> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  private static String est(FeedbackSimulation.Estimate e, int decimals) {
    String f = "%." + decimals + "f";
    return String.format(f + " [" + f + ", " + f + "]", e.mean(), e.low(), e.high());
  }

  private static String fmt(double x) {
    return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
  }
}

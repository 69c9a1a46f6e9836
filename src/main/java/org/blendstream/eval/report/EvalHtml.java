package org.blendstream.eval.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.blendstream.eval.CrossValidator;
import org.blendstream.eval.CvReport;
import org.blendstream.eval.EvalReport;
import org.blendstream.eval.Evaluator;
import org.blendstream.eval.PairedBootstrap;
import org.blendstream.eval.PairwiseReport;
import org.blendstream.eval.PoolSet;
import org.blendstream.eval.ReplayComparison;
import org.blendstream.rank.LongestRanker;
import org.blendstream.rank.Ranking;

/**
 * Fills an {@link HtmlReport} from what {@code eval} computed: win rates with per-bar intervals,
 * the chosen-model distribution and one ranking matrix, and for cross-validation the per-fold
 * spread. The intervals need the per-set wins, which the JSON report summarises away, so they are
 * computed here from the sets and the recorded choices.
 */
public final class EvalHtml {

  static final String INTERVAL_NOTE =
      "Whiskers: 95% percentile bootstrap over sets ("
          + Evaluator.BOOTSTRAP_RESAMPLES
          + " resamples, fixed seed) of each strategy's own mean; whether the ranker beats the best"
          + " single model is the paired interval in the summary, which is narrower because both"
          + " sides move together.";

  private EvalHtml() {}

  /**
   * The report of {@code eval} without folds: {@code sets} as evaluated, choices as {@code
   * recorder} saw them.
   */
  public static HtmlReport single(EvalReport r, List<PoolSet> sets, ReportRecorder recorder) {
    List<String> pool = r.pool();
    double[] chosen = new double[sets.size()];
    int[] firsts = new int[sets.size()];
    for (int k = 0; k < sets.size(); k++) {
      PoolSet s = sets.get(k);
      firsts[k] = recorder.best(s.id());
      if (firsts[k] < 0) {
        throw new IllegalStateException(
            "set " + s.id() + " was evaluated but its ranking was not recorded");
      }
      chosen[k] = s.wins()[firsts[k]];
    }
    HtmlReport page =
        new HtmlReport("Evaluation: " + r.ranker())
            .fact(
                "ranker",
                r.ranker() + (r.aggregation() == null ? "" : " (" + r.aggregation() + ")"))
            .fact(
                "sets",
                r.nSets() + " with a candidate from each of " + pool.size() + " pool models")
            .fact(
                "win rate",
                pct(r.winRate())
                    + " (best single "
                    + r.bestSingle().model()
                    + " "
                    + pct(r.bestSingle().winRate())
                    + ", oracle "
                    + pct(r.oracle())
                    + ")")
            .fact(
                "ranker − best single",
                String.format(
                    Locale.ROOT,
                    "paired bootstrap 95%% CI [%+.2f, %+.2f] points",
                    r.winRateDeltaCi()[0],
                    r.winRateDeltaCi()[1]))
            .fact(
                "agreement with the judge",
                String.format(
                    Locale.ROOT,
                    "pair accuracy %s, spearman %.3f, pearson %.3f," + " footrule %.3f",
                    EvalReport.pairAccuracyText(r.pairAccuracy()),
                    r.spearman(),
                    r.pearson(),
                    r.footrule()))
            .fact(
                "caveat",
                "no cross-validation: learned parts were scored on these sets as shipped; quote"
                    + " this only for instructions they never saw");
    List<WinRateChart.Bar> bars = new ArrayList<>();
    bars.add(bar("ranker: " + r.ranker(), chosen, WinRateChart.RANKER));
    bars.addAll(baselines(sets));
    bars.addAll(singles(pool, sets, r.bestSingle().model()));
    page.winRates(
        "Win rates",
        INTERVAL_NOTE,
        String.format(Locale.ROOT, "Win rate (%%) on %d sets", sets.size()),
        bars,
        new WinRateChart.Marker(
            "best single (" + r.bestSingle().model() + ")", r.bestSingle().winRate()));
    page.chosenModel(
        CHOICE_NOTE,
        pool,
        List.of(
            judgeFirst(pool, sets),
            new ChoiceChart.Series("ranker: " + r.ranker(), shares(pool.size(), firsts))));
    heatmap(page, r.ranker(), sets, recorder);
    return page;
  }

  /**
   * The report of {@code eval --folds}: {@code outcomes} are every held set of every strategy,
   * {@code sets} the complete sets they came from (for the longest baseline), {@code recorder} saw
   * the first strategy's rankings.
   */
  public static HtmlReport crossValidation(
      CvReport r,
      List<PoolSet> sets,
      List<CrossValidator.SetOutcome> outcomes,
      ReportRecorder recorder) {
    List<String> pool = r.pool();
    Map<String, List<CrossValidator.SetOutcome>> byStrategy =
        outcomes.stream()
            .collect(
                Collectors.groupingBy(
                    CrossValidator.SetOutcome::strategy, LinkedHashMap::new, Collectors.toList()));
    if (byStrategy.isEmpty()) {
      throw new IllegalArgumentException("no held set was scored");
    }
    Map<String, PoolSet> byId =
        sets.stream().collect(Collectors.toMap(PoolSet::id, Function.identity(), (a, b) -> a));
    List<CrossValidator.SetOutcome> first = byStrategy.values().iterator().next();
    List<PoolSet> held = first.stream().map(o -> byId.get(o.id())).toList();
    HtmlReport page =
        new HtmlReport("Cross-validation: " + String.join(", ", byStrategy.keySet()))
            .fact("folds", r.folds() + " by instruction, seed " + r.seed())
            .fact(
                "held sets",
                r.nSets() + " with a candidate from each of " + pool.size() + " pool models")
            .fact("data", String.join(", ", r.data()));
    for (CvReport.Strategy s : r.strategies()) {
      page.fact(
          s.name(),
          String.format(
              Locale.ROOT,
              "win rate %.2f ± %.2f %% over folds; Δ best single %+.2f,"
                  + " paired 95%% CI [%+.2f, %+.2f]",
              s.winRate().mean(),
              s.winRate().sd(),
              s.delta().mean(),
              s.deltaCi()[0],
              s.deltaCi()[1]));
    }
    List<WinRateChart.Bar> bars = new ArrayList<>();
    List<ChoiceChart.Series> series = new ArrayList<>();
    series.add(judgeFirst(pool, held));
    for (Map.Entry<String, List<CrossValidator.SetOutcome>> e : byStrategy.entrySet()) {
      bars.add(
          bar(
              "strategy: " + e.getKey(),
              e.getValue().stream().mapToDouble(CrossValidator.SetOutcome::chosenWin).toArray(),
              WinRateChart.RANKER));
      int[] firsts = e.getValue().stream().mapToInt(o -> pool.indexOf(o.chosen())).toArray();
      series.add(new ChoiceChart.Series(e.getKey(), shares(pool.size(), firsts)));
    }
    double[] bestSingle =
        first.stream().mapToDouble(CrossValidator.SetOutcome::bestSingleWin).toArray();
    bars.add(bar("best single (training folds' pick)", bestSingle, WinRateChart.BASELINE));
    bars.addAll(baselines(held));
    bars.addAll(singles(pool, held, null));
    page.winRates(
        "Win rates, pooled over held sets",
        INTERVAL_NOTE
            + " Each strategy's bar pools every held set,"
            + " so it can differ slightly from the mean over folds.",
        String.format(Locale.ROOT, "Win rate (%%) on %d held sets", held.size()),
        bars,
        new WinRateChart.Marker("best single", 100 * mean(bestSingle)));
    page.foldSpread(r);
    page.chosenModel(CHOICE_NOTE, pool, series);
    heatmap(page, byStrategy.keySet().iterator().next(), held, recorder);
    return page;
  }

  private static final String CHOICE_NOTE =
      "How often each model comes first: by the judge (the candidate with the highest win; a tie is"
          + " shared) and by each ranker. No model is best everywhere, which is why ranking pays; a"
          + " ranker whose shares are far from the judge's has learned a preference the judge does"
          + " not share.";

  private static void heatmap(
      HtmlReport page, String ranker, List<PoolSet> sets, ReportRecorder recorder) {
    Ranking shown = recorder.shown();
    if (shown == null) {
      page.table(
          "ranking-matrix",
          "One ranking matrix",
          "Set "
              + recorder.requestedSet()
              + " was not among the ranked sets, so there is no matrix to show.",
          null,
          null);
      return;
    }
    PoolSet set =
        sets.stream().filter(s -> s.id().equals(recorder.shownId())).findFirst().orElse(null);
    int n = shown.models().size();
    double[][] values = new double[n][n];
    boolean matrix = shown.comparedPairs() > 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        Double m = shown.matrix()[i][j];
        values[i][j] =
            matrix ? (m == null ? Double.NaN : m) : shown.scores()[i] - shown.scores()[j];
      }
    }
    int[] ranks = shown.ranks();
    List<String> notes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      notes.add(
          String.format(
              Locale.ROOT,
              "rank %d%s",
              ranks[i],
              set == null
                  ? ""
                  : String.format(Locale.ROOT, ", judge's win %.2f %%", 100 * set.wins()[i])));
    }
    String label =
        matrix
            ? "logit that the row's answer beats the column's"
                + (shown.aggregation() == null ? "" : ", aggregated by " + shown.aggregation())
            : "score(row) − score(column): this ranker has no pairwise"
                + " matrix, so score differences stand in";
    String prompt =
        set == null
            ? ""
            : " Instruction: “"
                + Markup.shorten(set.set().getRequest().getInstruction(), 240)
                + "”";
    page.rankingMatrix(
        "Set " + recorder.shownId() + ", ranked by " + ranker + "." + prompt,
        new MatrixHeatmap.View(
            (matrix ? "Ranking matrix" : "Score differences") + " of set " + recorder.shownId(),
            label,
            shown.models(),
            values,
            notes));
  }

  private static List<WinRateChart.Bar> baselines(List<PoolSet> sets) {
    double[] oracle =
        sets.stream().mapToDouble(s -> Arrays.stream(s.wins()).max().orElse(0)).toArray();
    double[] random =
        sets.stream().mapToDouble(s -> Arrays.stream(s.wins()).average().orElse(0)).toArray();
    double[] longest;
    try (LongestRanker l = new LongestRanker()) {
      longest = sets.stream().mapToDouble(s -> s.wins()[l.rank(s.set()).best()]).toArray();
    }
    return List.of(
        bar("oracle", oracle, WinRateChart.ORACLE),
        bar("longest", longest, WinRateChart.BASELINE),
        bar("random (expected)", random, WinRateChart.BASELINE));
  }

  /**
   * One bar per pool model, best first; {@code best} (may be null) is marked as the best single
   * model.
   */
  private static List<WinRateChart.Bar> singles(
      List<String> pool, List<PoolSet> sets, String best) {
    List<WinRateChart.Bar> out = new ArrayList<>();
    for (int m = 0; m < pool.size(); m++) {
      int model = m;
      String label = pool.get(m).equals(best) ? pool.get(m) + " (best single)" : pool.get(m);
      out.add(
          bar(
              label,
              sets.stream().mapToDouble(s -> s.wins()[model]).toArray(),
              WinRateChart.MODEL));
    }
    out.sort(Comparator.comparingDouble((WinRateChart.Bar b) -> -b.value()));
    return out;
  }

  /** Mean of per-set wins in %, with its bootstrap interval. */
  static WinRateChart.Bar bar(String label, double[] wins, String color) {
    double[] ci =
        new PairedBootstrap(Evaluator.BOOTSTRAP_RESAMPLES, Evaluator.BOOTSTRAP_SEED)
            .interval(wins, new double[wins.length], 0.95);
    return new WinRateChart.Bar(
        label, 100 * mean(wins), new double[] {100 * ci[0], 100 * ci[1]}, color);
  }

  static ChoiceChart.Series judgeFirst(List<String> pool, List<PoolSet> sets) {
    double[] shares = new double[pool.size()];
    for (PoolSet s : sets) {
      double max = Arrays.stream(s.wins()).max().orElse(0);
      long tied = Arrays.stream(s.wins()).filter(w -> w == max).count();
      for (int m = 0; m < shares.length; m++) {
        if (s.wins()[m] == max) {
          shares[m] += 100.0 / tied / sets.size();
        }
      }
    }
    return new ChoiceChart.Series("judge's best", shares);
  }

  static double[] shares(int models, int[] firsts) {
    double[] shares = new double[models];
    for (int f : firsts) {
      shares[f] += 100.0 / firsts.length;
    }
    return shares;
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(0);
  }

  /**
   * A pairwise file's report: the overall agreement figures, then agreement by scenario with its
   * intervals.
   */
  public static HtmlReport pairwise(PairwiseReport r) {
    HtmlReport page =
        new HtmlReport("Pairwise agreement: " + r.ranker())
            .fact(
                "ranker",
                r.ranker() + (r.aggregation() == null ? "" : " (" + r.aggregation() + ")"))
            .fact("pairs", r.nPairs() + ", " + r.nLabelTies() + " labelled tie")
            .fact("preference", r.preference())
            .fact("agreement (pairs not labelled tie)", r.agreement().text())
            .fact("agreement, ties counted as misses", r.agreementTiesAsMisses().text())
            .fact("ranker ties", r.rankerTies() + " (half a hit each)");
    List<HtmlReport.IntervalRow> rows = new ArrayList<>();
    r.byScenario()
        .forEach(
            (name, g) -> {
              PairwiseReport.Agreement a = g.agreement();
              if (a.value() != null) {
                rows.add(
                    new HtmlReport.IntervalRow(name, a.n(), a.value(), a.ci95()[0], a.ci95()[1]));
              }
            });
    return page.agreementByScenario(
        "Agreement over the pairs not labelled tie, per scenario (or subset); whiskers: "
            + r.interval()
            + " (Wilson score) intervals. A scenario with only tie labels has no bar.",
        rows);
  }

  /**
   * A replay's comparison with the recorded answers: agreement, quality deltas and every changed
   * selection.
   */
  public static HtmlReport replay(ReplayComparison.Result c, String recorded, String replayed) {
    HtmlReport page =
        new HtmlReport("Replay: " + replayed + " against " + recorded)
            .fact("compared", c.compared() + " of " + c.replayed() + " replayed answers")
            .fact("same selection", pct(100 * c.agreement()))
            .fact("mean Spearman rho", String.format(Locale.ROOT, "%.3f", c.meanSpearman()));
    for (ReplayComparison.MetricDelta m : c.metrics()) {
      page.fact(
          m.metric() + " delta",
          String.format(Locale.ROOT, "%+.4f mean over %d requests", m.meanDelta(), m.requests()));
    }
    List<List<String>> rows =
        c.changed().stream()
            .map(
                r ->
                    List.of(
                        r.requestId(),
                        String.valueOf(r.recordedModel()),
                        String.valueOf(r.replayedModel()),
                        r.metric() == null ? "" : r.metric(),
                        r.metricDelta() == null
                            ? ""
                            : String.format(Locale.ROOT, "%+.4f", r.metricDelta())))
            .toList();
    return page.changedSelections(
        "The requests whose selected model differs between the recorded answer ("
            + recorded
            + ") and the replay ("
            + replayed
            + "), with the change in quality where the set carries judge scores or a"
            + " reference.",
        List.of("request", "recorded", "replayed", "metric", "delta"),
        rows);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.2f%%", v);
  }
}

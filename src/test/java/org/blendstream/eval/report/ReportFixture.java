package org.blendstream.eval.report;

import java.util.ArrayList;
import java.util.List;
import org.blendstream.eval.CrossValidator;
import org.blendstream.eval.CvReport;
import org.blendstream.eval.EvalReport;
import org.blendstream.eval.Evaluator;
import org.blendstream.eval.FoldStrategy;
import org.blendstream.eval.Folds;
import org.blendstream.eval.JudgedDataset.Item;
import org.blendstream.eval.JudgedDataset.Judged;
import org.blendstream.eval.PoolSet;
import org.blendstream.rank.LongestRanker;

/**
 * Reports over a small judged set whose model names and prompts are hostile to a careless writer:
 * markup, quotes, an ampersand, a CDATA end and a control character XML cannot carry.
 */
final class ReportFixture {

  static final String HOSTILE = "<script>alert('x')</script> & \"q\" ]]> \u0007bell";

  /** What the reader must see: the same text, the control character replaced. */
  static final String HOSTILE_SHOWN = "<script>alert('x')</script> & \"q\" ]]> \uFFFDbell";

  static final List<String> POOL = List.of(HOSTILE, "plain-7b", "wide-13b");

  private ReportFixture() {}

  /**
   * Twelve instructions; the first has a tie at the top, so the judge's first place is shared
   * there.
   */
  static List<Item> items() {
    List<Item> items = new ArrayList<>();
    for (int k = 0; k < 12; k++) {
      List<Judged> answers = new ArrayList<>();
      for (int m = 0; m < POOL.size(); m++) {
        double win = k == 0 && m > 0 ? 0.8 : ((k * 5 + m * 11) % 10) / 10.0;
        answers.add(
            new Judged(POOL.get(m), "w".repeat(1 + (k * 7 + m * 3) % 10) + " <b>&amp;", win));
      }
      items.add(
          new Item("set-" + k, "Prompt " + k + " with <tags> & \"quotes\"", "d", "ref", answers));
    }
    return items;
  }

  static List<PoolSet> sets() {
    return PoolSet.complete(items(), POOL);
  }

  /** {@code eval} without folds, ranked by length, its choices recorded. */
  static HtmlReport single(ReportRecorder recorder) {
    List<PoolSet> sets = sets();
    EvalReport r =
        new Evaluator(POOL)
            .evaluate(sets, recorder.wrap(new LongestRanker()), "longest", null, () -> {});
    return EvalHtml.single(r, sets, recorder);
  }

  /** {@code eval --folds 2} over two strategies, the first recorded. */
  static HtmlReport crossValidation() {
    ReportRecorder recorder = new ReportRecorder(null);
    List<FoldStrategy> strategies =
        List.of(
            recorder.wrap(FoldStrategy.fixed("longest", "training-free", LongestRanker::new)),
            FoldStrategy.fixed(HOSTILE, "training-free", LongestRanker::new));
    List<CrossValidator.SetOutcome> outcomes = new ArrayList<>();
    CvReport r =
        new CrossValidator(POOL, new Folds(2, 0), 0)
            .run(items(), List.of("fixture"), strategies, outcomes::add, () -> {});
    return EvalHtml.crossValidation(r, sets(), outcomes, recorder);
  }

  /**
   * The sections other commands fill: agreement by scenario and changed selections, with hostile
   * texts.
   */
  static HtmlReport withOtherSections(HtmlReport page) {
    return page.agreementByScenario(
            "fixture rows",
            List.of(
                new HtmlReport.IntervalRow("helpfulness", 40, 71.5, 57.0, 84.0),
                new HtmlReport.IntervalRow(HOSTILE, 12, 41.7, 16.7, 66.7)))
        .changedSelections(
            "fixture rows",
            List.of("request", "recorded", "replayed", "instruction"),
            List.of(List.of("r1", "plain-7b", HOSTILE, "Why is 1 < 2 && 3 > 2?")));
  }
}

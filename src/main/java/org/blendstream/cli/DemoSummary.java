package org.blendstream.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.eval.PairedBootstrap;

/**
 * The demo's closing numbers. The sample carries judge scores, so besides counts and latencies it
 * shows how the chosen answers fare against each single model: a small-sample sanity check with its
 * uncertainty, not an evaluation (that is the {@code eval} command's job).
 */
final class DemoSummary {

  /**
   * A judge {@code win} is the probability that an answer beats the GPT-4 reference. Below this for
   * every candidate, the judge prefers the reference to all of them and the item cannot tell a good
   * pick from a bad one.
   */
  static final double SEPARATING_WIN = 0.05;

  /** Fewer separating items than this and a bootstrap interval is too rough to call a winner. */
  static final int ITEMS_TO_TELL = 10;

  private static final double LEVEL = 0.95;

  private final List<BlendedResponse> answers;
  private final Map<String, JudgedDataset.Item> items;
  private final List<String> pool;
  private final String laggard;
  private final int sampleSize;

  DemoSummary(
      List<BlendedResponse> answers,
      Map<String, JudgedDataset.Item> items,
      List<String> pool,
      String laggard,
      int sampleSize) {
    this.answers = answers;
    this.items = items;
    this.pool = pool;
    this.laggard = laggard;
    this.sampleSize = sampleSize;
  }

  /** {@code seconds} and {@code firstAfter} count from the moment the pipeline was running. */
  void print(PrintWriter out, int requested, double seconds, double firstAfter) {
    long complete = answers.stream().filter(BlendedResponse::getComplete).count();
    Map<String, Long> modes = new TreeMap<>();
    answers.forEach(a -> modes.merge(a.getMode().toString(), 1L, Long::sum));
    out.println();
    out.printf(
        "== %d of %d blended answers in %.1f s: %d complete, %d closed at the deadline; modes %s%n",
        answers.size(), requested, seconds, complete, answers.size() - complete, modes);
    // The laggard's skips are planned; any other model missing means its answer came after the
    // deadline.
    long late =
        answers.stream()
            .filter(a -> a.getMissingModels().stream().anyMatch(m -> !m.equals(laggard)))
            .count();
    if (late > 0) {
      out.printf(
          "   %d of those sets also lack models other than %s: their answers came after the"
              + " deadline, which happens when the machine is busy%n",
          late, laggard);
    }
    if (answers.isEmpty()) {
      out.flush();
      return;
    }
    out.printf(
        "   first answer after %.1f s; median assembly %d ms, median ranking %d ms%n",
        firstAfter,
        median(answers.stream().mapToLong(a -> a.getTimings().getAssemblyMs()).toArray()),
        median(answers.stream().mapToLong(a -> a.getTimings().getRankingMs()).toArray()));
    judge(out);
    out.flush();
  }

  private void judge(PrintWriter out) {
    int n = answers.size();
    long separating =
        answers.stream().filter(a -> oracle(a.getRequestId()) >= SEPARATING_WIN).count();
    if (separating == 0) {
      out.printf(
          "   judge: on none of these %d items does any candidate reach a %.0f%% chance of beating"
              + " the GPT-4 reference, so they cannot tell a good pick from a bad one; play more"
              + " requests (the sample has %d) or use `eval` for a real comparison%n",
          n, 100 * SEPARATING_WIN, sampleSize);
      return;
    }
    double[] chosen =
        answers.stream().mapToDouble(a -> win(a.getRequestId(), a.getSelectedModel())).toArray();
    String bestModel = pool.get(0);
    double[] best = null;
    for (String m : pool) {
      double[] w = answers.stream().mapToDouble(a -> win(a.getRequestId(), m)).toArray();
      if (best == null || mean(w) > mean(best)) {
        best = w;
        bestModel = m;
      }
    }
    double oracle = answers.stream().mapToDouble(a -> oracle(a.getRequestId())).average().orElse(0);
    PairedBootstrap bootstrap = new PairedBootstrap(2000, 1);
    double[] chosenCi = bootstrap.interval(chosen, new double[n], LEVEL);
    double[] deltaCi = bootstrap.interval(chosen, best, LEVEL);
    out.printf(
        "   judge win rate vs the GPT-4 reference, n=%d items (%d where some candidate reaches"
            + " %.0f%%):%n",
        n, separating, 100 * SEPARATING_WIN);
    out.printf(
        "     chosen %.1f%% (%.0f%% CI %.1f to %.1f), best single model %s %.1f%% (picked after the"
            + " fact), oracle %.1f%%%n",
        100 * mean(chosen),
        100 * LEVEL,
        100 * chosenCi[0],
        100 * chosenCi[1],
        bestModel,
        100 * mean(best),
        100 * oracle);
    String verdict =
        separating < ITEMS_TO_TELL || deltaCi[0] <= 0 && deltaCi[1] >= 0
            ? "too few items to tell the ranker from the best single model"
            : deltaCi[0] > 0
                ? "the chosen answers lead on these items"
                : "the best single model leads on these items";
    out.printf(
        "     chosen minus best single %+.1f points (%.0f%% paired bootstrap CI %+.1f to %+.1f):"
            + " %s; `eval --folds` measures this by cross-validation%n",
        100 * (mean(chosen) - mean(best)),
        100 * LEVEL,
        100 * deltaCi[0],
        100 * deltaCi[1],
        verdict);
  }

  /**
   * The best judge win among the candidates of the item (all of the pool, whether or not they made
   * the set).
   */
  private double oracle(String requestId) {
    return pool.stream().mapToDouble(m -> win(requestId, m)).max().orElse(0);
  }

  private double win(String requestId, String model) {
    JudgedDataset.Item item = items.get(requestId);
    JudgedDataset.Judged j = item == null || model == null ? null : item.byModel().get(model);
    return j == null ? 0 : j.win();
  }

  private static double mean(double[] xs) {
    return Arrays.stream(xs).average().orElse(0);
  }

  private static long median(long[] xs) {
    long[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}

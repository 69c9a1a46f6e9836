package org.blendstream.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.eval.JudgedDataset;

/**
 * The demo's closing numbers. The sample carries judge scores, so besides counts and latencies it
 * shows how the chosen answers fare against each single model: a quick, small-sample sanity check,
 * not an evaluation (that is the {@code eval} command's job).
 */
final class DemoSummary {

  private final List<BlendedResponse> answers;
  private final Map<String, JudgedDataset.Item> items;
  private final List<String> pool;

  DemoSummary(List<BlendedResponse> answers, Map<String, JudgedDataset.Item> items, List<String> pool) {
    this.answers = answers;
    this.items = items;
    this.pool = pool;
  }

  void print(PrintStream out, double seconds) {
    long complete = answers.stream().filter(BlendedResponse::getComplete).count();
    Map<String, Long> modes = new TreeMap<>();
    answers.forEach(a -> modes.merge(a.getMode().toString(), 1L, Long::sum));
    out.println();
    out.printf("== %d blended answers in %.1f s: %d complete, %d closed at the deadline; modes %s%n",
        answers.size(), seconds, complete, answers.size() - complete, modes);
    out.printf("   assembly ms median %d, ranking ms median %d%n",
        median(answers.stream().mapToLong(a -> a.getTimings().getAssemblyMs()).toArray()),
        median(answers.stream().mapToLong(a -> a.getTimings().getRankingMs()).toArray()));
    double chosen = answers.stream().mapToDouble(a -> win(a.getRequestId(), a.getSelectedModel())).average().orElse(0);
    String bestModel = null;
    double best = -1;
    for (String m : pool) {
      double w = answers.stream().mapToDouble(a -> win(a.getRequestId(), m)).average().orElse(0);
      if (w > best) {
        best = w;
        bestModel = m;
      }
    }
    double oracle = answers.stream().mapToDouble(a -> pool.stream().mapToDouble(m -> win(a.getRequestId(), m)).max().orElse(0))
        .average().orElse(0);
    out.printf("   judge win rate of the chosen answers %.1f%% (best single model %s %.1f%%, oracle %.1f%%; n=%d, noisy)%n",
        100 * chosen, bestModel, 100 * best, 100 * oracle, answers.size());
  }

  private double win(String requestId, String model) {
    JudgedDataset.Item item = items.get(requestId);
    JudgedDataset.Judged j = item == null || model == null ? null : item.byModel().get(model);
    return j == null ? 0 : j.win();
  }

  private static long median(long[] xs) {
    if (xs.length == 0) {
      return 0;
    }
    long[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}

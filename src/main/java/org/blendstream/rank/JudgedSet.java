package org.blendstream.rank;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.blendstream.BlendMetrics;
import org.blendstream.model.chat.ChatEndpoint;
import org.blendstream.model.chat.ChatException;
import org.blendstream.model.chat.ChatReply;
import org.blendstream.model.chat.ChatRequest;

/**
 * One set as the judge sees it, for the existing aggregations (MaxLogits, Bubble, Knockout): a
 * batch of ordered pairs becomes a batch of parallel calls, each cached verdict saving one. The
 * value of pair (i, j) is {@code 2p − 1}, p the probability that i, shown first, is better; when a
 * batch holds both orders of a pair and they disagree (each says the first shown wins, or each the
 * second), both become 0, a tie, which cancels the judge's position bias.
 *
 * <p>The stream thread waits for the calls no longer than the set's deadline; past it, or past the
 * set's call budget, or on any failed call, the whole set fails (the ranker then asks the
 * ensemble), and calls not yet answered are cancelled.
 */
final class JudgedSet implements PairScorer.PreparedSet {

  private final PairJudge judge;
  private final ComparisonTexts texts;
  private final long deadlineNanos;
  private final VerdictCache cache;
  private final BlendMetrics metrics;
  private int calls;

  JudgedSet(
      PairJudge judge,
      ComparisonTexts texts,
      long deadlineNanos,
      VerdictCache cache,
      BlendMetrics metrics) {
    this.judge = judge;
    this.texts = texts;
    this.deadlineNanos = deadlineNanos;
    this.cache = cache;
    this.metrics = metrics;
  }

  @Override
  public int size() {
    return texts.candidates().size();
  }

  /** Calls paid for so far. */
  int calls() {
    return calls;
  }

  @Override
  public double[] logits(List<CandidatePair> pairs) {
    double[] p = new double[pairs.size()];
    List<Integer> asked = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<ChatRequest> requests = new ArrayList<>();
    for (int k = 0; k < pairs.size(); k++) {
      String a = texts.candidates().get(pairs.get(k).first());
      String b = texts.candidates().get(pairs.get(k).second());
      String key = judge.cacheKey(texts.source(), a, b);
      Double known = cache.get(key);
      metrics.judgeVerdict(known != null);
      if (known != null) {
        p[k] = known;
      } else {
        asked.add(k);
        keys.add(key);
        requests.add(judge.request(texts.source(), a, b));
      }
    }
    if (calls + requests.size() > judge.maxCalls()) {
      throw new JudgeBudgetException(
          "the set needs "
              + (calls + requests.size())
              + " calls, over judge.max.calls="
              + judge.maxCalls());
    }
    calls += requests.size();
    ChatEndpoint.Listener meter =
        (nanos, reply, error) ->
            metrics.llmCall(
                "judge",
                nanos,
                error == null,
                reply == null ? 0 : reply.promptTokens(),
                reply == null ? 0 : reply.completionTokens());
    List<CompletableFuture<ChatReply>> answers =
        judge.endpoint().completeAll(requests, deadlineNanos, meter);
    try {
      for (int r = 0; r < answers.size(); r++) {
        double verdict = JudgeVerdict.probabilityAFirst(await(answers.get(r)));
        cache.put(keys.get(r), verdict);
        p[asked.get(r)] = verdict;
      }
    } finally {
      answers.forEach(f -> f.cancel(true));
    }
    return signedWithTies(pairs, p);
  }

  private ChatReply await(CompletableFuture<ChatReply> answer) {
    try {
      long left = deadlineNanos - System.nanoTime();
      return answer.isDone() ? answer.get() : answer.get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw overBudget();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ChatException c && c.timeout()) {
        throw overBudget();
      }
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the judge", e);
    }
  }

  private JudgeBudgetException overBudget() {
    return new JudgeBudgetException("over the time budget of " + judge.budgetMs() + " ms");
  }

  static double[] signedWithTies(List<CandidatePair> pairs, double[] p) {
    double[] v = new double[p.length];
    Map<CandidatePair, Integer> index = new HashMap<>();
    for (int k = 0; k < p.length; k++) {
      v[k] = 2 * p[k] - 1;
      index.put(pairs.get(k), k);
    }
    for (int k = 0; k < p.length; k++) {
      Integer r = index.get(new CandidatePair(pairs.get(k).second(), pairs.get(k).first()));
      if (r != null && r > k && v[k] * v[r] > 0) {
        v[k] = 0;
        v[r] = 0;
      }
    }
    return v;
  }
}

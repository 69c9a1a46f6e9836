package org.blendstream.rank;

import java.util.List;
import org.blendstream.BlendMetrics;
import org.blendstream.LlmSettings;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankerInfo;

/**
 * Ranks a set by asking an LLM which of two answers is better, in both orders, through the existing
 * aggregations: {@code full} (MaxLogits over all N(N−1) ordered pairs), {@code bubble} (2(N−1)), or
 * {@code knockout} (a bracket over the ensemble's top K). The ensemble ranks every set first, which
 * costs microseconds: knockout seeds from it, and when the judge fails or runs out of budget, its
 * ranking is the answer, with the reason.
 */
public final class LlmJudgeRanker implements Ranker {

  public static final String NAME = "llm-judge";

  /**
   * Reason phrases ({@code fuse.FallbackReason} counts them): a failed call or verdict, and a spent
   * budget.
   */
  public static final String JUDGE_ERROR = "judge error";

  public static final String JUDGE_BUDGET = "judge budget";

  private final PairJudge judge;
  private final EnsembleRanker ensemble;
  private final String strategy;
  private final int knockoutK;
  private VerdictCache cache = VerdictCache.inMemory();
  private BlendMetrics metrics = BlendMetrics.none();

  public LlmJudgeRanker(PairJudge judge, EnsembleRanker ensemble, String strategy, int knockoutK) {
    this.judge = judge;
    this.ensemble = ensemble;
    this.strategy = strategy;
    this.knockoutK = knockoutK;
  }

  @Override
  public LivePrior livePrior() {
    return ensemble.livePrior();
  }

  @Override
  public void attach(VerdictCache verdicts, BlendMetrics meters) {
    this.cache = verdicts;
    this.metrics = meters;
  }

  /**
   * The strict form, for {@code eval}: a set the judge could not rank is an error, because a
   * measurement of the judge must not silently score the ensemble. The pipeline calls {@link
   * #rankOrFallBack}.
   */
  @Override
  public Ranking rank(CandidateSet set) {
    Outcome outcome = rankOrFallBack(set);
    if (outcome.fallbackReason() != null) {
      throw new IllegalStateException(
          "the judge did not rank request " + set.getRequestId() + ": " + outcome.fallbackReason());
    }
    return outcome.ranking();
  }

  @Override
  public Outcome rankOrFallBack(CandidateSet set) {
    Ranking seeds = ensemble.rank(set);
    if (set.getCandidates().size() < 2) {
      return new Outcome(
          seeds, info(), null); // nothing to compare; the set passes through as any ranker's would
    }
    List<String> models = set.getCandidates().stream().map(Candidate::getModel).toList();
    int planned = calls(strategy, models.size(), knockoutK);
    if (planned > judge.maxCalls()) {
      // Known before the first call: a bubble pass cut short would have paid for verdicts that
      // decide nothing.
      return new Outcome(
          seeds,
          ensemble.info(),
          JUDGE_BUDGET
              + ": the set needs "
              + planned
              + " calls, over judge.max.calls="
              + judge.maxCalls());
    }
    try {
      JudgedSet judged = judge.open(ComparisonTexts.forJudge(set), cache, metrics);
      Aggregation aggregation =
          switch (strategy) {
            case LlmSettings.STRATEGY_FULL -> new MaxLogits();
            case LlmSettings.STRATEGY_KNOCKOUT -> new Knockout(seeds.order(), knockoutK);
            default -> new Bubble();
          };
      return new Outcome(aggregation.rank(models, judged, set.getRequestId()), info(), null);
    } catch (JudgeBudgetException e) {
      return new Outcome(seeds, ensemble.info(), JUDGE_BUDGET + ": " + e.getMessage());
    } catch (RuntimeException e) {
      return new Outcome(seeds, ensemble.info(), JUDGE_ERROR + ": " + e.getMessage());
    }
  }

  /**
   * Calls per set of n candidates under each strategy, before cache hits; what {@code
   * judge.max.calls} must allow.
   */
  public static int calls(String strategy, int n, int knockoutK) {
    return switch (strategy) {
      case LlmSettings.STRATEGY_FULL -> n * (n - 1);
      case LlmSettings.STRATEGY_KNOCKOUT -> Knockout.calls(n, knockoutK);
      default -> 2 * (n - 1);
    };
  }

  @Override
  public RankerInfo info() {
    return RankerInfo.newBuilder()
        .setName(NAME)
        .setVersion(judge.version())
        .setAggregation(strategy)
        .build();
  }
}

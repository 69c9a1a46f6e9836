package org.blendstream.fuse;

import java.util.List;
import org.blendstream.rank.LlmJudgeRanker;
import org.blendstream.rank.RankedSet;

/**
 * The texts written to {@code fallback_reason}; each starts with a fixed phrase so that it can be
 * counted.
 */
public final class FallbackReason {

  public static final String SET_TOO_SMALL = "set too small";
  public static final String FUSER_ERROR = "fuser error";
  public static final String FUSER_TIMEOUT = "fuser timeout";
  public static final String EMPTY_GENERATION = "empty generation";

  /**
   * The LLM aggregator's answer was cut at max_tokens (finish_reason=length), or refused
   * (content_filter).
   */
  public static final String FUSER_TRUNCATED = "fuser truncated";

  public static final String FUSER_REFUSED = "fuser refused";
  private static final List<String> ALL =
      List.of(
          SET_TOO_SMALL,
          FUSER_ERROR,
          FUSER_TIMEOUT,
          EMPTY_GENERATION,
          RankedSet.RANKER_ERROR,
          FUSER_TRUNCATED,
          FUSER_REFUSED,
          LlmJudgeRanker.JUDGE_ERROR,
          LlmJudgeRanker.JUDGE_BUDGET);

  private FallbackReason() {}

  /**
   * The fixed phrase a reason starts with, for counting; "other" for one no stage here wrote; null
   * for null.
   */
  public static String classOf(String reason) {
    if (reason == null) {
      return null;
    }
    return ALL.stream().filter(reason::startsWith).findFirst().orElse("other");
  }

  static String setTooSmall(int candidates) {
    return SET_TOO_SMALL + ": " + candidates + " candidate" + (candidates == 1 ? "" : "s");
  }

  static String fuserError(Throwable e) {
    String message = e.getMessage() == null ? "" : ": " + e.getMessage();
    return FUSER_ERROR + ": " + e.getClass().getSimpleName() + message;
  }

  static String fuserTimeout(long budgetMs) {
    return FUSER_TIMEOUT + ": over the budget of " + budgetMs + " ms";
  }
}

package org.blendstream.rank;

import java.util.concurrent.TimeUnit;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.LlmSettings;
import org.blendstream.model.chat.ChatEndpoint;
import org.blendstream.model.chat.ChatRequest;

/**
 * The judge every task of the app shares: one endpoint (its HttpClient is thread-safe), the prompt,
 * the model and the per-set budgets. Each set gets its own {@link JudgedSet}, which counts that
 * set's calls and holds its deadline.
 */
public final class PairJudge implements AutoCloseable {

  /**
   * Alternatives per answer token: the letters A, B and C and a couple of spellings of them fit in
   * five.
   */
  static final int TOP_LOGPROBS = 5;

  private final ChatEndpoint endpoint;
  private final JudgePrompt prompt;
  private final String model;
  private final boolean logprobs;
  private final int maxCalls;
  private final long budgetMs;

  public PairJudge(
      ChatEndpoint endpoint,
      JudgePrompt prompt,
      String model,
      boolean logprobs,
      int maxCalls,
      long budgetMs) {
    this.endpoint = endpoint;
    this.prompt = prompt;
    this.model = model;
    this.logprobs = logprobs;
    this.maxCalls = maxCalls;
    this.budgetMs = budgetMs;
  }

  /** Checks the keys and reads the prompt at startup, so that a bad setting stops it there. */
  public static PairJudge fromConfig(BlendConfig config) {
    LlmSettings llm = config.llm();
    llm.requireEndpoint("judge", llm.judgeModel(), llm.judgeBudgetMs());
    ChatEndpoint endpoint =
        new ChatEndpoint(
            llm.judgeBaseUrl(),
            llm.apiKey(),
            llm.callTimeoutMs(),
            llm.maxRetries(),
            llm.maxConcurrency());
    return new PairJudge(
        endpoint,
        JudgePrompt.load(llm.promptFile()),
        llm.judgeModel(),
        llm.logprobs(),
        llm.maxCalls(),
        llm.judgeBudgetMs());
  }

  /** A set to judge, whose clock starts now. */
  JudgedSet open(ComparisonTexts texts, VerdictCache cache, BlendMetrics metrics) {
    return new JudgedSet(
        this, texts, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMs), cache, metrics);
  }

  ChatRequest request(String question, String answerA, String answerB) {
    return new ChatRequest(
        model,
        prompt.messages(question, answerA, answerB),
        prompt.maxTokens(),
        logprobs ? TOP_LOGPROBS : 0);
  }

  /** Everything that changes a verdict, the order of the two answers included. */
  String cacheKey(String question, String answerA, String answerB) {
    return JudgePrompt.sha256(
        model, prompt.fingerprint(), logprobs ? "logprobs" : "text", question, answerA, answerB);
  }

  ChatEndpoint endpoint() {
    return endpoint;
  }

  int maxCalls() {
    return maxCalls;
  }

  long budgetMs() {
    return budgetMs;
  }

  /** For the ranker's version: which model and which prompt made the verdicts. */
  String version() {
    return model + " " + prompt.name() + " v" + prompt.version();
  }

  @Override
  public void close() {
    endpoint.close();
  }
}

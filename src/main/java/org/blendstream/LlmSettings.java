package org.blendstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.types.Password;

/**
 * The keys of the LLM judge ({@code ranker=llm-judge}) and aggregator ({@code fuser=llm}), part of
 * {@link BlendConfig}'s one definition; kept in their own class so that the config file stays
 * readable. The API key is a Kafka {@link Type#PASSWORD}: its {@code toString} is {@code [hidden]},
 * so no config dump, log line or exception shows it.
 */
public final class LlmSettings {

  public static final String JUDGE_BASE_URL = "judge.base.url";
  public static final String JUDGE_MODEL = "judge.model";
  public static final String JUDGE_API_KEY = "judge.api.key";
  public static final String JUDGE_API_KEY_FILE = "judge.api.key.file";
  public static final String JUDGE_STRATEGY = "judge.strategy";
  public static final String JUDGE_KNOCKOUT_K = "judge.knockout.k";
  public static final String JUDGE_MAX_CALLS = "judge.max.calls";
  public static final String JUDGE_BUDGET_MS = "judge.budget.ms";
  public static final String JUDGE_TIMEOUT_MS = "judge.timeout.ms";
  public static final String JUDGE_MAX_RETRIES = "judge.max.retries";
  public static final String JUDGE_MAX_CONCURRENCY = "judge.max.concurrency";
  public static final String JUDGE_LOGPROBS = "judge.logprobs";
  public static final String JUDGE_PROMPT_FILE = "judge.prompt.file";
  public static final String JUDGE_CACHE_RETENTION_MS = "judge.cache.retention.ms";
  public static final String FUSER = "fuser";
  public static final String FUSER_LLM_BASE_URL = "fuser.llm.base.url";
  public static final String FUSER_LLM_MODEL = "fuser.llm.model";
  public static final String FUSER_LLM_MAX_TOKENS = "fuser.llm.max.tokens";

  public static final String STRATEGY_FULL = "full";
  public static final String STRATEGY_BUBBLE = "bubble";
  public static final String STRATEGY_KNOCKOUT = "knockout";
  public static final String FUSER_GENFUSER = "genfuser";
  public static final String FUSER_LLM = "llm";

  /**
   * The share of the transaction timeout that one set's LLM budgets (judge plus aggregator) may use
   * at most.
   */
  static final int TRANSACTION_SHARE = 4;

  private final BlendConfig config;

  LlmSettings(BlendConfig config) {
    this.config = config;
  }

  static ConfigDef define(ConfigDef def) {
    return def.define(
            JUDGE_BASE_URL,
            Type.STRING,
            "",
            Importance.HIGH,
            "Base URL of an OpenAI-compatible API for ranker=llm-judge and fuser=llm, up to /v1"
                + " (http://127.0.0.1:8000/v1 for vLLM, http://127.0.0.1:11434/v1 for Ollama,"
                + " https://api.openai.com/v1).")
        .define(
            JUDGE_MODEL,
            Type.STRING,
            "",
            Importance.HIGH,
            "The judge's model name as the endpoint knows it.")
        .define(
            JUDGE_API_KEY,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            "Bearer token of the endpoint; best given as BLENDSTREAM_JUDGE_API_KEY or through"
                + " judge.api.key.file. Never logged.")
        .define(
            JUDGE_API_KEY_FILE,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "A file whose content (trimmed) is the API key, e.g. a mounted secret; used when"
                + " judge.api.key is unset.")
        .define(
            JUDGE_STRATEGY,
            Type.STRING,
            STRATEGY_BUBBLE,
            ValidString.in(STRATEGY_FULL, STRATEGY_BUBBLE, STRATEGY_KNOCKOUT),
            Importance.MEDIUM,
            "Which pairs the judge compares, both orders each: full N(N-1) calls, bubble 2(N-1),"
                + " knockout a bracket over the ensemble's top judge.knockout.k, 2(K-1).")
        .define(
            JUDGE_KNOCKOUT_K,
            Type.INT,
            4,
            Range.atLeast(2),
            Importance.LOW,
            "With judge.strategy=knockout, how many of the ensemble's best candidates the judge"
                + " compares.")
        .define(
            JUDGE_MAX_CALLS,
            Type.INT,
            64,
            Range.atLeast(1),
            Importance.MEDIUM,
            "Most judge calls one set's strategy may need (full N(N-1), bubble 2(N-1), knockout"
                + " 2(K-1)); a set that needs more is ranked by the ensemble without a call.")
        .define(
            JUDGE_BUDGET_MS,
            Type.LONG,
            20_000L,
            Range.atLeast(1),
            Importance.MEDIUM,
            "Wall-clock budget of the judge per set; past it the set is ranked by the ensemble."
                + " Together with fuser.budget.ms (when fuser=llm) at most a quarter of the"
                + " producer's transaction timeout.")
        .define(
            JUDGE_TIMEOUT_MS,
            Type.LONG,
            10_000L,
            Range.atLeast(1),
            Importance.LOW,
            "Timeout of one judge call, cut to what is left of the set's budget (an aggregator's"
                + " call may take all of fuser.budget.ms).")
        .define(
            JUDGE_MAX_RETRIES,
            Type.INT,
            2,
            Range.atLeast(0),
            Importance.LOW,
            "Retries of a judge or aggregator call answered 429 or 5xx, or that timed out, with"
                + " backoff (Retry-After honoured), within the budget.")
        .define(
            JUDGE_MAX_CONCURRENCY,
            Type.INT,
            4,
            Range.atLeast(1),
            Importance.LOW,
            "Judge calls of one set in flight at once (and aggregator calls of one batch).")
        .define(
            JUDGE_LOGPROBS,
            Type.BOOLEAN,
            true,
            Importance.LOW,
            "Ask for logprobs (top 5) and read the verdict's probability from them; false for an"
                + " endpoint that rejects the parameter. Without them the verdict is read from the"
                + " text.")
        .define(
            JUDGE_PROMPT_FILE,
            Type.STRING,
            "",
            Importance.LOW,
            "A judge prompt in FastChat's judge_prompts.jsonl shape (name, system_prompt,"
                + " prompt_template with {question}, {answer_a}, {answer_b}) plus a version; empty:"
                + " the shipped pair-v2-letter.")
        .define(
            JUDGE_CACHE_RETENTION_MS,
            Type.LONG,
            7 * 24 * 3_600_000L,
            Range.atLeast(1),
            Importance.LOW,
            "How long, by wall clock, a verdict stays in the judge's store (and its changelog) to"
                + " be reused.")
        .define(
            FUSER,
            Type.STRING,
            "",
            ValidString.in("", FUSER_GENFUSER, FUSER_LLM),
            Importance.MEDIUM,
            "Which fuser: llm (an aggregator over the OpenAI-compatible endpoint; enables fusion by"
                + " itself) or genfuser (fuser.model.dir; what fuser.enabled=true means).")
        .define(
            FUSER_LLM_BASE_URL,
            Type.STRING,
            "",
            Importance.LOW,
            "Endpoint of the aggregator when it is not judge.base.url.")
        .define(
            FUSER_LLM_MODEL,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "The aggregator's model name; empty: judge.model.")
        .define(
            FUSER_LLM_MAX_TOKENS,
            Type.INT,
            1024,
            Range.atLeast(1),
            Importance.LOW,
            "max_tokens of the aggregator's answer; an answer cut there (finish_reason=length) is"
                + " not used.");
  }

  public String judgeBaseUrl() {
    return config.getString(JUDGE_BASE_URL);
  }

  public String judgeModel() {
    return config.getString(JUDGE_MODEL);
  }

  public String strategy() {
    return config.getString(JUDGE_STRATEGY);
  }

  public int knockoutK() {
    return config.getInt(JUDGE_KNOCKOUT_K);
  }

  public int maxCalls() {
    return config.getInt(JUDGE_MAX_CALLS);
  }

  public long judgeBudgetMs() {
    return config.getLong(JUDGE_BUDGET_MS);
  }

  public long callTimeoutMs() {
    return config.getLong(JUDGE_TIMEOUT_MS);
  }

  public int maxRetries() {
    return config.getInt(JUDGE_MAX_RETRIES);
  }

  public int maxConcurrency() {
    return config.getInt(JUDGE_MAX_CONCURRENCY);
  }

  public boolean logprobs() {
    return config.getBoolean(JUDGE_LOGPROBS);
  }

  public String promptFile() {
    return config.getString(JUDGE_PROMPT_FILE);
  }

  public long cacheRetentionMs() {
    return config.getLong(JUDGE_CACHE_RETENTION_MS);
  }

  public boolean llmFuser() {
    return FUSER_LLM.equals(config.getString(FUSER));
  }

  public int aggregatorMaxTokens() {
    return config.getInt(FUSER_LLM_MAX_TOKENS);
  }

  public String aggregatorBaseUrl() {
    String own = config.getString(FUSER_LLM_BASE_URL);
    return own.isBlank() ? judgeBaseUrl() : own;
  }

  public String aggregatorModel() {
    String own = config.getString(FUSER_LLM_MODEL);
    return own.isBlank() ? judgeModel() : own;
  }

  /**
   * The key from {@code judge.api.key} (so also {@code BLENDSTREAM_JUDGE_API_KEY}), else from the
   * file; null when neither is set (vLLM and Ollama need none). Still a {@link Password}, so that
   * it is only unwrapped for the header.
   */
  public Password apiKey() {
    Password key = config.getPassword(JUDGE_API_KEY);
    if (key != null && !key.value().isBlank()) {
      return key;
    }
    String file = config.getString(JUDGE_API_KEY_FILE);
    if (file.isBlank()) {
      return null;
    }
    try {
      return new Password(Files.readString(Path.of(file), StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + JUDGE_API_KEY_FILE + " " + file, e);
    }
  }

  /**
   * Fails startup unless the endpoint is named and a set's LLM budgets fit well inside the
   * producer's transaction timeout: under exactly-once a set's wait sits inside one transaction,
   * and a few sets may share it.
   */
  public void requireEndpoint(String what, String model, long budgetMs) {
    if (judgeBaseUrl().isBlank() && (what.equals("judge") || aggregatorBaseUrl().isBlank())) {
      throw new IllegalArgumentException(
          what + " needs " + JUDGE_BASE_URL + " (an OpenAI-compatible /v1 URL)");
    }
    if (model.isBlank()) {
      throw new IllegalArgumentException(
          what
              + " needs a model name: set "
              + JUDGE_MODEL
              + (what.equals("judge") ? "" : " or " + FUSER_LLM_MODEL));
    }
    long total = budgetMs + (llmFuser() && what.equals("judge") ? config.fuserBudgetMs() : 0);
    long timeout = transactionTimeoutMs();
    if (total * TRANSACTION_SHARE > timeout) {
      throw new IllegalArgumentException(
          "the LLM budgets of one set ("
              + total
              + " ms: "
              + JUDGE_BUDGET_MS
              + (llmFuser() ? " + fuser.budget.ms" : "")
              + ") must stay within a quarter of the transaction timeout ("
              + timeout
              + " ms); lower them or raise streams.producer.transaction.timeout.ms");
    }
  }

  long transactionTimeoutMs() {
    return config.transactionTimeoutMs();
  }
}

package org.blendstream.fuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.LlmSettings;
import org.blendstream.avro.FuserInfo;
import org.blendstream.avro.Turn;
import org.blendstream.model.chat.ChatEndpoint;
import org.blendstream.model.chat.ChatException;
import org.blendstream.model.chat.ChatMessage;
import org.blendstream.model.chat.ChatReply;
import org.blendstream.model.chat.ChatRequest;

/**
 * Mixture-of-Agents' aggregator over an OpenAI-compatible endpoint: the top K answers, best first,
 * numbered in MoA's aggregate-and-synthesize system prompt (resource {@code
 * aggregator/moa-aggregate.json}), then the request's conversation. An answer cut at {@code
 * max_tokens} or refused is rejected, so that the step selects instead; an empty one comes back
 * empty, which the step treats the same way.
 */
public final class LlmFuser implements Fuser {

  public static final String NAME = "llm-aggregator";
  private static final String PROMPT = "/aggregator/moa-aggregate.json";

  private final ChatEndpoint endpoint;
  private final String model;
  private final int maxTokens;
  private final String systemPrompt;
  private final String version;
  private volatile BlendMetrics metrics = BlendMetrics.none();

  public LlmFuser(ChatEndpoint endpoint, String model, int maxTokens) {
    this.endpoint = endpoint;
    this.model = model;
    this.maxTokens = maxTokens;
    JsonNode prompt = shippedPrompt();
    this.systemPrompt = prompt.path("system_prompt").asText();
    this.version =
        model + " " + prompt.path("name").asText() + " v" + prompt.path("version").asText();
  }

  /**
   * The aggregator's call may run as long as the fusion budget: it writes a whole answer, not one
   * letter.
   */
  public static LlmFuser fromConfig(BlendConfig config) {
    LlmSettings llm = config.llm();
    llm.requireEndpoint("aggregator", llm.aggregatorModel(), config.fuserBudgetMs());
    return new LlmFuser(
        new ChatEndpoint(
            llm.aggregatorBaseUrl(),
            llm.apiKey(),
            config.fuserBudgetMs(),
            llm.maxRetries(),
            llm.maxConcurrency()),
        llm.aggregatorModel(),
        llm.aggregatorMaxTokens());
  }

  /**
   * Every call is its own HTTP request; stream threads need not wait for each other's aggregates.
   */
  @Override
  public boolean threadSafe() {
    return true;
  }

  @Override
  public void attach(BlendMetrics meters) {
    this.metrics = meters;
  }

  @Override
  public List<String> fuse(List<FusionPrompt> prompts, FusionDeadline deadline) {
    long deadlineNanos = System.nanoTime() + deadline.nanosLeft();
    List<ChatRequest> requests =
        prompts.stream()
            .map(p -> new ChatRequest(model, messages(p, systemPrompt), maxTokens, 0))
            .toList();
    ChatEndpoint.Listener meter =
        (nanos, reply, error) ->
            metrics.llmCall(
                "aggregator",
                nanos,
                error == null,
                reply == null ? 0 : reply.promptTokens(),
                reply == null ? 0 : reply.completionTokens());
    List<CompletableFuture<ChatReply>> answers =
        endpoint.completeAll(requests, deadlineNanos, meter);
    try {
      List<String> texts = new ArrayList<>(answers.size());
      for (CompletableFuture<ChatReply> answer : answers) {
        texts.add(usable(await(answer, deadlineNanos, deadline.budgetMs())));
      }
      return texts;
    } finally {
      answers.forEach(f -> f.cancel(true));
    }
  }

  /**
   * MoA's {@code inject_references_to_messages}: the numbered answers in a system message before
   * the conversation.
   */
  static List<ChatMessage> messages(FusionPrompt prompt, String systemPrompt) {
    StringBuilder system = new StringBuilder(systemPrompt);
    for (int i = 0; i < prompt.candidates().size(); i++) {
      system.append('\n').append(i + 1).append(". ").append(prompt.candidates().get(i));
    }
    List<ChatMessage> messages = new ArrayList<>();
    for (Turn turn : prompt.history()) {
      messages.add(new ChatMessage(turn.getRole().toLowerCase(Locale.ROOT), turn.getContent()));
    }
    if (!messages.isEmpty() && messages.get(0).role().equals("system")) {
      messages.set(0, ChatMessage.system(messages.get(0).content() + "\n\n" + system));
    } else {
      messages.add(0, ChatMessage.system(system.toString()));
    }
    String input = prompt.input() == null || prompt.input().isEmpty() ? "" : "\n" + prompt.input();
    messages.add(ChatMessage.user(prompt.instruction() + input));
    return messages;
  }

  private String usable(ChatReply reply) {
    if ("length".equals(reply.finishReason())) {
      throw new FusionRejectedException(
          FallbackReason.FUSER_TRUNCATED + ": finish_reason=length at max_tokens=" + maxTokens);
    }
    if ("content_filter".equals(reply.finishReason())) {
      throw new FusionRejectedException(
          FallbackReason.FUSER_REFUSED + ": finish_reason=content_filter");
    }
    return reply.content() == null ? "" : reply.content().strip();
  }

  private static ChatReply await(
      CompletableFuture<ChatReply> answer, long deadlineNanos, long budgetMs) {
    try {
      long left = deadlineNanos - System.nanoTime();
      return answer.isDone() ? answer.get() : answer.get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new FusionTimeoutException(budgetMs);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ChatException c && c.timeout()) {
        throw new FusionTimeoutException(budgetMs);
      }
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the aggregator", e);
    }
  }

  private static JsonNode shippedPrompt() {
    try (InputStream in = LlmFuser.class.getResourceAsStream(PROMPT)) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public FuserInfo info() {
    return FuserInfo.newBuilder().setName(NAME).setVersion(version).build();
  }

  @Override
  public void close() {
    endpoint.close();
  }
}

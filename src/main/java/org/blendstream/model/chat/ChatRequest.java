package org.blendstream.model.chat;

import java.util.List;

/**
 * One chat completion to ask for. Temperature is always 0: a verdict or an aggregate should be the
 * model's most likely answer, so that a replay asks the same question and the cache can stand in
 * for it.
 *
 * @param topLogprobs 0 for no logprobs; else how many alternatives per answer token the endpoint
 *     should return
 */
public record ChatRequest(
    String model, List<ChatMessage> messages, int maxTokens, int topLogprobs) {

  public ChatRequest {
    messages = List.copyOf(messages);
  }
}

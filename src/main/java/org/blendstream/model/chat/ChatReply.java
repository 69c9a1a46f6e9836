package org.blendstream.model.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a chat completion response that blendstream reads, as the OpenAI API reference
 * defines them: {@code choices[0].message.content}, {@code choices[0].finish_reason}, {@code
 * choices[0].logprobs.content[]} with each position's {@code top_logprobs[].{token, logprob}}, and
 * {@code usage.{prompt_tokens, completion_tokens}}.
 *
 * @param topLogprobs per answer token, its alternatives and their log-probabilities (empty without
 *     logprobs)
 * @param attempts HTTP requests it took, retries included
 */
public record ChatReply(
    String content,
    String finishReason,
    List<Map<String, Double>> topLogprobs,
    long promptTokens,
    long completionTokens,
    int attempts) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads a 200 response body; anything that is not a chat completion with one choice is a {@link
   * ChatException}.
   */
  static ChatReply parse(String body, int attempts) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (Exception e) {
      throw new ChatException(
          "the endpoint answered 200 with a body that is not JSON: " + snippet(body));
    }
    JsonNode choice = root == null ? null : root.path("choices").path(0);
    if (choice == null || !choice.isObject()) {
      throw new ChatException("the endpoint's answer has no choices[0]: " + snippet(body));
    }
    JsonNode content = choice.path("message").path("content");
    List<Map<String, Double>> positions = new ArrayList<>();
    for (JsonNode position : choice.path("logprobs").path("content")) {
      Map<String, Double> top = new LinkedHashMap<>();
      for (JsonNode alt : position.path("top_logprobs")) {
        if (alt.path("token").isTextual() && alt.path("logprob").isNumber()) {
          top.merge(alt.path("token").asText(), alt.path("logprob").asDouble(), Math::max);
        }
      }
      positions.add(top);
    }
    JsonNode usage = root.path("usage");
    return new ChatReply(
        content.isTextual() ? content.asText() : null,
        choice.path("finish_reason").isTextual() ? choice.path("finish_reason").asText() : null,
        List.copyOf(positions),
        usage.path("prompt_tokens").asLong(0),
        usage.path("completion_tokens").asLong(0),
        attempts);
  }

  /** The start of a body for an error message; bodies can be long. */
  static String snippet(String body) {
    if (body == null) {
      return "(no body)";
    }
    String flat = body.replaceAll("\\s+", " ").trim();
    return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
  }
}

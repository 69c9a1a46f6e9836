package org.blendstream.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.blendstream.BlendConfig;
import org.blendstream.avro.BlendMode;
import org.blendstream.avro.Turn;
import org.blendstream.model.chat.FakeChatServer;
import org.junit.jupiter.api.Test;

/**
 * fuser=llm: MoA's aggregator over the in-process endpoint, and what the fusion step makes of its
 * answers.
 */
class LlmFuserTest {

  private static final double[] SCORES = {0.1, 0.9, 0.5};

  private static FusionStep.Ranked ranked() {
    return RankedSets.of("q1", "Name a colour.", SCORES, "a", "Red.", "b", "Blue.", "c", "Green.");
  }

  private static FusionOutcome fuse(
      Function<FakeChatServer.Call, FakeChatServer.Reply> script, List<FakeChatServer.Call> seen) {
    try (FakeChatServer server = FakeChatServer.start(script)) {
      BlendConfig config =
          new BlendConfig(
              Map.of(
                  "fuser",
                  "llm",
                  "judge.base.url",
                  server.baseUrl(),
                  "fuser.llm.model",
                  "aggregator-70b",
                  "fuser.top.k",
                  2,
                  "fuser.llm.max.tokens",
                  16));
      try (FusionStep step = FusionStep.fromConfig(config)) {
        assertTrue(step.threadSafe(), "stream threads need not queue for a remote aggregator");
        FusionOutcome outcome = step.apply(ranked().set(), ranked().ranking());
        seen.addAll(server.calls());
        return outcome;
      }
    }
  }

  @Test
  void fusesTheTopKWithMoasPromptAndNamesTheAggregatorModel() {
    List<FakeChatServer.Call> seen = new java.util.ArrayList<>();
    FusionOutcome outcome =
        fuse(c -> FakeChatServer.Reply.ok(FakeChatServer.answer("Blue, or green.", "stop")), seen);
    assertEquals(BlendMode.FUSED, outcome.mode());
    assertEquals("Blue, or green.", outcome.text());
    assertEquals(List.of("b", "c"), outcome.topK());
    assertEquals("llm-aggregator", outcome.fuser().getName());
    assertEquals("aggregator-70b moa-aggregate v1", outcome.fuser().getVersion());
    assertNull(outcome.fallbackReason());
    FakeChatServer.Call call = seen.get(0);
    assertTrue(
        call.systemText()
            .startsWith(
                "You have been provided with a set of responses from various open-source"
                    + " models to the latest user query."),
        call.systemText());
    assertTrue(
        call.systemText().endsWith("Responses from models:\n1. Blue.\n2. Green."),
        call.systemText());
    assertEquals("Name a colour.", call.userText());
    assertEquals(16, call.body().path("max_tokens").asInt());
    assertEquals("aggregator-70b", call.body().path("model").asText());
  }

  @Test
  void anAnswerCutAtMaxTokensIsNotUsed() {
    FusionOutcome outcome =
        fuse(
            c -> FakeChatServer.Reply.ok(FakeChatServer.recorded("completion-length.json")),
            new java.util.ArrayList<>());
    assertEquals(BlendMode.SELECTED, outcome.mode());
    assertEquals("Blue.", outcome.text());
    assertEquals(
        "fuser truncated: finish_reason=length at max_tokens=16", outcome.fallbackReason());
    assertEquals(FallbackReason.FUSER_TRUNCATED, FallbackReason.classOf(outcome.fallbackReason()));
  }

  @Test
  void aRefusedAnswerIsNotUsed() {
    FusionOutcome outcome =
        fuse(
            c -> FakeChatServer.Reply.ok(FakeChatServer.recorded("completion-content-filter.json")),
            new java.util.ArrayList<>());
    assertEquals(BlendMode.SELECTED, outcome.mode());
    assertEquals("fuser refused: finish_reason=content_filter", outcome.fallbackReason());
  }

  @Test
  void anEmptyAnswerIsAnEmptyGeneration() {
    FusionOutcome outcome =
        fuse(
            c -> FakeChatServer.Reply.ok(FakeChatServer.answer("  \n", "stop")),
            new java.util.ArrayList<>());
    assertEquals(BlendMode.SELECTED, outcome.mode());
    assertEquals(FallbackReason.EMPTY_GENERATION, outcome.fallbackReason());
  }

  @Test
  void aFailingEndpointSelectsWithTheFusersError() {
    FusionOutcome outcome =
        fuse(
            c -> FakeChatServer.Reply.error(400, "error-500.json", Map.of()),
            new java.util.ArrayList<>());
    assertEquals(BlendMode.SELECTED, outcome.mode());
    assertTrue(
        outcome.fallbackReason().startsWith("fuser error: IllegalStateException: HTTP 400"),
        outcome.fallbackReason());
  }

  @Test
  void sendsTheConversationAfterTheReferencesAsMoaDoes() {
    FusionPrompt prompt =
        new FusionPrompt(
            "And in French?",
            null,
            List.of("Bleu.", "Rouge."),
            List.of(
                new Turn("system", "Be brief."),
                new Turn("user", "Name a colour."),
                new Turn("assistant", "Blue.")));
    var messages = LlmFuser.messages(prompt, "SYNTHESIZE:");
    assertEquals(
        List.of("system", "user", "assistant", "user"),
        messages.stream().map(m -> m.role()).toList());
    assertEquals("Be brief.\n\nSYNTHESIZE:\n1. Bleu.\n2. Rouge.", messages.get(0).content());
    assertEquals("And in French?", messages.get(3).content());
  }
}

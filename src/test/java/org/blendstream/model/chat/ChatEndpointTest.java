package org.blendstream.model.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

/** The client against an in-process server that answers as the OpenAI API reference documents. */
class ChatEndpointTest {

  private static final ChatEndpoint.Listener QUIET = (n, r, e) -> {};
  private static final ChatRequest JUDGE =
      new ChatRequest(
          "gpt-4o",
          List.of(ChatMessage.system("You are a helpful assistant."), ChatMessage.user("Hello!")),
          8,
          5);

  private static long inSeconds(long s) {
    return System.nanoTime() + TimeUnit.SECONDS.toNanos(s);
  }

  private static ChatReply call(FakeChatServer server, ChatEndpoint endpoint) throws Exception {
    try {
      return endpoint.complete(JUDGE, inSeconds(20), QUIET).get();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void sendsTheReferenceRequestShapeWithTheKeyOnlyInTheAuthorizationHeader() throws Exception {
    try (FakeChatServer server =
        FakeChatServer.start(
            c -> FakeChatServer.Reply.ok(FakeChatServer.recorded("completion-logprobs.json")))) {
      call(server, new ChatEndpoint(server.baseUrl(), new Password("sk-test-1234"), 5000, 0, 1));
      FakeChatServer.Call sent = server.calls().get(0);
      JsonNode expected =
          new ObjectMapper().readTree(FakeChatServer.recorded("request-judge.json"));
      assertEquals(shape(expected), shape(sent.body()));
      assertEquals(expected, sent.body(), "same values as the recorded request");
      assertEquals("Bearer sk-test-1234", sent.authorization());
      assertFalse(sent.body().toString().contains("sk-test-1234"));
    }
  }

  @Test
  void readsTheVerdictTokensLogprobsAndUsageOfTheRecordedLogprobsAnswer() throws Exception {
    try (FakeChatServer server =
        FakeChatServer.start(
            c -> FakeChatServer.Reply.ok(FakeChatServer.recorded("completion-logprobs.json")))) {
      ChatReply reply = call(server, new ChatEndpoint(server.baseUrl(), null, 5000, 0, 1));
      assertEquals("A", reply.content());
      assertEquals("stop", reply.finishReason());
      assertEquals(Map.of("A", -0.31725305, "B", -1.3190403), reply.topLogprobs().get(0));
      assertEquals(9, reply.promptTokens());
      assertEquals(1, reply.completionTokens());
      assertNull(server.calls().get(0).authorization(), "no key, no header");
    }
  }

  @Test
  void readsAnAnswerWithoutLogprobs() throws Exception {
    try (FakeChatServer server =
        FakeChatServer.start(
            c -> FakeChatServer.Reply.ok(FakeChatServer.recorded("completion-text.json")))) {
      ChatReply reply = call(server, new ChatEndpoint(server.baseUrl(), null, 5000, 0, 1));
      assertEquals("\n\nHello there, how may I assist you today?", reply.content());
      assertTrue(reply.topLogprobs().isEmpty());
      assertEquals(12, reply.completionTokens());
    }
  }

  @Test
  void retriesA429AfterItsRetryAfterAndCountsTheAttempts() throws Exception {
    AtomicInteger n = new AtomicInteger();
    try (FakeChatServer server =
        FakeChatServer.start(
            c ->
                n.getAndIncrement() == 0
                    ? FakeChatServer.Reply.error(429, "error-429.json", Map.of("Retry-After", "0"))
                    : FakeChatServer.Reply.ok(
                        FakeChatServer.recorded("completion-logprobs.json")))) {
      ChatReply reply = call(server, new ChatEndpoint(server.baseUrl(), null, 5000, 2, 1));
      assertEquals(2, server.calls().size());
      assertEquals(2, reply.attempts());
    }
  }

  @Test
  void aRetryAfterPastTheBudgetFailsAtOnceInsteadOfWaiting() {
    try (FakeChatServer server =
        FakeChatServer.start(
            c ->
                FakeChatServer.Reply.error(429, "error-429.json", Map.of("Retry-After", "3600")))) {
      ChatEndpoint endpoint = new ChatEndpoint(server.baseUrl(), null, 5000, 5, 1);
      ChatException e = assertThrows(ChatException.class, () -> call(server, endpoint));
      assertTrue(
          e.getMessage().contains("HTTP 429") && e.getMessage().contains("past the budget"),
          e.getMessage());
      assertEquals(1, server.calls().size());
    }
  }

  @Test
  void retriesA500UpToMaxRetriesThenReportsTheServersMessage() {
    try (FakeChatServer server =
        FakeChatServer.start(
            c ->
                FakeChatServer.Reply.error(500, "error-500.json", Map.of("retry-after-ms", "1")))) {
      ChatEndpoint endpoint = new ChatEndpoint(server.baseUrl(), null, 5000, 2, 1);
      ChatException e = assertThrows(ChatException.class, () -> call(server, endpoint));
      assertEquals(3, server.calls().size(), "one call and two retries");
      assertTrue(
          e.getMessage().startsWith("HTTP 500: ") && e.getMessage().contains("server had an error"),
          e.getMessage());
    }
  }

  @Test
  void anAnswerSlowerThanTheCallTimeoutIsATimeout() {
    try (FakeChatServer server =
        FakeChatServer.start(
            c ->
                new FakeChatServer.Reply(
                    200, Map.of(), FakeChatServer.recorded("completion-logprobs.json"), 10_000))) {
      ChatEndpoint endpoint = new ChatEndpoint(server.baseUrl(), null, 200, 0, 1);
      ChatException e = assertThrows(ChatException.class, () -> call(server, endpoint));
      assertTrue(e.timeout(), e.getMessage());
    }
  }

  @Test
  void aBodyThatIsNotJsonIsAnErrorNamingIt() {
    try (FakeChatServer server =
        FakeChatServer.start(
            c -> FakeChatServer.Reply.ok(FakeChatServer.recorded("malformed.txt")))) {
      ChatEndpoint endpoint = new ChatEndpoint(server.baseUrl(), null, 5000, 0, 1);
      ChatException e = assertThrows(ChatException.class, () -> call(server, endpoint));
      assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
      assertFalse(e.timeout());
    }
  }

  @Test
  void aKeyEchoedInAnErrorBodyIsCutOutOfTheMessage() {
    String key = "sk-proj-SECRET0123456789";
    try (FakeChatServer server =
        FakeChatServer.start(
            c ->
                new FakeChatServer.Reply(
                    401,
                    Map.of(),
                    FakeChatServer.recorded("error-401.json").replace("{key}", key),
                    0))) {
      ChatEndpoint endpoint = new ChatEndpoint(server.baseUrl(), new Password(key), 5000, 2, 1);
      ChatException e = assertThrows(ChatException.class, () -> call(server, endpoint));
      assertTrue(
          e.getMessage().startsWith("HTTP 401") && e.getMessage().contains("[hidden]"),
          e.getMessage());
      assertFalse(e.getMessage().contains(key));
      assertEquals(1, server.calls().size(), "a 401 is not retried");
    }
  }

  @Test
  void keepsAtMostMaxConcurrencyCallsInFlightAndAnswersEveryOne() throws Exception {
    try (FakeChatServer server =
        FakeChatServer.start(
            c ->
                new FakeChatServer.Reply(
                    200, Map.of(), FakeChatServer.recorded("completion-logprobs.json"), 50))) {
      ChatEndpoint endpoint = new ChatEndpoint(server.baseUrl(), null, 5000, 0, 2);
      List<CompletableFuture<ChatReply>> all =
          endpoint.completeAll(java.util.Collections.nCopies(7, JUDGE), inSeconds(30), QUIET);
      for (CompletableFuture<ChatReply> f : all) {
        assertEquals("A", f.get().content());
      }
      assertEquals(7, server.calls().size());
      assertTrue(server.maxInFlight() <= 2, "in flight at once: " + server.maxInFlight());
    }
  }

  @Test
  void aCallWhoseBudgetIsSpentFailsAsATimeoutWithoutBeingSent() {
    try (FakeChatServer server = FakeChatServer.start(c -> FakeChatServer.Reply.ok("{}"))) {
      ChatEndpoint endpoint = new ChatEndpoint(server.baseUrl(), null, 5000, 0, 1);
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () -> endpoint.complete(JUDGE, System.nanoTime() - 1, QUIET).get());
      assertInstanceOf(ChatException.class, e.getCause());
      assertTrue(((ChatException) e.getCause()).timeout());
      assertEquals(0, server.calls().size());
    }
  }

  /** Field names at every level with their JSON types: what the API fixes, unlike the values. */
  private static List<String> shape(JsonNode node) {
    List<String> out = new ArrayList<>();
    shape("", node, out);
    return out;
  }

  private static void shape(String path, JsonNode node, List<String> out) {
    out.add(path + ":" + node.getNodeType());
    if (node.isObject()) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        shape(path + "." + f, node.get(f), out);
      }
    } else if (node.isArray() && !node.isEmpty()) {
      shape(path + "[]", node.get(0), out);
    }
  }
}

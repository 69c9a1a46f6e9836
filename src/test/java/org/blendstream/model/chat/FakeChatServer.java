package org.blendstream.model.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An OpenAI-compatible {@code POST /v1/chat/completions} on 127.0.0.1, answering from the recorded
 * bodies in {@code src/test/resources/chat/} (their sources: the README there) as a script decides
 * per call.
 */
public final class FakeChatServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the server received it. */
  public record Call(JsonNode body, String authorization) {

    /** The last user message. */
    public String userText() {
      JsonNode messages = body.path("messages");
      return messages.path(messages.size() - 1).path("content").asText();
    }

    public String systemText() {
      return body.path("messages").path(0).path("content").asText();
    }

    /** The text between a judge prompt's start and end markers of assistant A or B. */
    public String answer(char assistant) {
      String text = userText();
      String start = "[The Start of Assistant " + assistant + "'s Answer]\n";
      String end = "\n[The End of Assistant " + assistant + "'s Answer]";
      int from = text.indexOf(start);
      int to = text.indexOf(end);
      return from < 0 || to < 0 ? "" : text.substring(from + start.length(), to);
    }
  }

  /** What to answer: a status, headers, a body, and how long to wait before answering. */
  public record Reply(int status, Map<String, String> headers, String body, long delayMs) {

    public static Reply ok(String body) {
      return new Reply(200, Map.of(), body, 0);
    }

    public static Reply error(int status, String recorded, Map<String, String> headers) {
      return new Reply(status, headers, recorded(recorded), 0);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  private FakeChatServer(Function<Call, Reply> script) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          int now = inFlight.incrementAndGet();
          maxInFlight.accumulateAndGet(now, Math::max);
          try (exchange) {
            Call call =
                new Call(
                    JSON.readTree(exchange.getRequestBody()),
                    exchange.getRequestHeaders().getFirst("Authorization"));
            calls.add(call);
            Reply reply = script.apply(call);
            if (reply.delayMs() > 0) {
              Thread.sleep(reply.delayMs());
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (IOException | RuntimeException e) {
            // the client gave up (a timeout test); nothing to answer
          } finally {
            inFlight.decrementAndGet();
          }
        });
    server.start();
  }

  public static FakeChatServer start(Function<Call, Reply> script) {
    try {
      return new FakeChatServer(script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** A recorded body by file name. */
  public static String recorded(String name) {
    try (InputStream in = FakeChatServer.class.getResourceAsStream("/chat/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The recorded logprobs answer with {@code letter} as its text and P(A) = pA, P(B) = 1 − pA at
   * its first token.
   */
  public static String verdictWithLogprobs(String letter, double pA) {
    ObjectNode root = tree("completion-logprobs.json");
    ObjectNode choice = (ObjectNode) root.path("choices").path(0);
    ((ObjectNode) choice.path("message")).put("content", letter);
    ObjectNode first = (ObjectNode) choice.path("logprobs").path("content").path(0);
    first.put("token", letter);
    first.put("logprob", Math.log(letter.equals("A") ? pA : 1 - pA));
    ArrayNode top = (ArrayNode) first.path("top_logprobs");
    ((ObjectNode) top.get(0)).put("logprob", Math.log(pA));
    ((ObjectNode) top.get(1)).put("logprob", Math.log(1 - pA));
    return root.toString();
  }

  /** The recorded answer without logprobs, with another text and finish reason. */
  public static String answer(String content, String finishReason) {
    ObjectNode root = tree("completion-text.json");
    ObjectNode choice = (ObjectNode) root.path("choices").path(0);
    ((ObjectNode) choice.path("message")).put("content", content);
    choice.put("finish_reason", finishReason);
    return root.toString();
  }

  private static ObjectNode tree(String name) {
    try {
      return (ObjectNode) JSON.readTree(recorded(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

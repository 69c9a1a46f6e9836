package org.blendstream.model.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.types.Password;

/**
 * An OpenAI-compatible {@code POST {base}/chat/completions} over the JDK's HttpClient, asynchronous
 * so that the caller decides how long to wait. Each call has its own timeout, cut to what is left
 * before the caller's deadline; a 429, a 5xx, a timeout or a refused connection is retried with
 * exponential backoff, after the server's {@code retry-after-ms} or {@code Retry-After} (seconds)
 * when it sends one, as OpenAI's own client does, but never past the deadline. The API key goes
 * into the Authorization header only, and is cut out of any error text.
 */
public final class ChatEndpoint implements AutoCloseable {

  /** Hears of every finished call (after its retries): a reply, or the error it ended with. */
  public interface Listener {
    void finished(long nanos, ChatReply reply, Throwable error);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long FIRST_BACKOFF_MS = 250;

  private final URI url;
  private final Password apiKey;
  private final long callTimeoutMs;
  private final int maxRetries;
  private final int maxConcurrency;
  private final HttpClient http;

  /**
   * @param baseUrl up to and including {@code /v1}
   * @param apiKey null for endpoints that need none (a local vLLM or Ollama)
   */
  public ChatEndpoint(
      String baseUrl, Password apiKey, long callTimeoutMs, int maxRetries, int maxConcurrency) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.url = URI.create(base + "/chat/completions");
    this.apiKey = apiKey;
    this.callTimeoutMs = callTimeoutMs;
    this.maxRetries = maxRetries;
    this.maxConcurrency = maxConcurrency;
    HttpClient.Builder builder =
        HttpClient.newBuilder().connectTimeout(Duration.ofMillis(callTimeoutMs));
    if ("http".equalsIgnoreCase(url.getScheme())) {
      // Over plain http the JDK would offer an h2c upgrade on every POST, which some local servers
      // mishandle;
      // over https, HTTP/2 is negotiated by ALPN and stays.
      builder.version(HttpClient.Version.HTTP_1_1);
    }
    this.http = builder.build();
  }

  /**
   * Starts the calls, at most {@code max.concurrency} in flight, each next one when an earlier one
   * ends. Cancelling a returned future keeps its call from starting (or from retrying).
   */
  public List<CompletableFuture<ChatReply>> completeAll(
      List<ChatRequest> requests, long deadlineNanos, Listener listener) {
    List<CompletableFuture<ChatReply>> results = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      results.add(new CompletableFuture<>());
    }
    AtomicInteger next = new AtomicInteger();
    Runnable pump =
        new Runnable() {
          @Override
          public void run() {
            int i;
            while ((i = next.getAndIncrement()) < requests.size()) {
              CompletableFuture<ChatReply> result = results.get(i);
              if (result.isDone()) {
                continue; // cancelled before it started
              }
              complete(requests.get(i), deadlineNanos, listener, result)
                  .whenComplete(
                      (r, e) -> {
                        if (e != null) {
                          result.completeExceptionally(unwrap(e));
                        } else {
                          result.complete(r);
                        }
                        run();
                      });
              return;
            }
          }
        };
    for (int k = 0; k < Math.min(maxConcurrency, requests.size()); k++) {
      pump.run();
    }
    return results;
  }

  /** One call with its retries, finishing no later than the deadline. */
  public CompletableFuture<ChatReply> complete(
      ChatRequest request, long deadlineNanos, Listener listener) {
    return complete(request, deadlineNanos, listener, null);
  }

  private CompletableFuture<ChatReply> complete(
      ChatRequest request,
      long deadlineNanos,
      Listener listener,
      CompletableFuture<ChatReply> owner) {
    long start = System.nanoTime();
    String body = body(request);
    return attempt(body, deadlineNanos, 1, owner)
        .whenComplete(
            (r, e) ->
                listener.finished(System.nanoTime() - start, r, e == null ? null : unwrap(e)));
  }

  private CompletableFuture<ChatReply> attempt(
      String body, long deadlineNanos, int attempt, CompletableFuture<ChatReply> owner) {
    long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    if (leftMs <= 0) {
      return CompletableFuture.failedFuture(
          new ChatException("no time left in the budget for attempt " + attempt, true));
    }
    if (owner != null && owner.isDone()) {
      return CompletableFuture.failedFuture(new ChatException("cancelled", true));
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofMillis(Math.min(callTimeoutMs, leftMs)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (apiKey != null) {
      builder.header("Authorization", "Bearer " + apiKey.value());
    }
    return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, error) -> {
              if (error != null) {
                Throwable cause = unwrap(error);
                boolean timedOut = cause instanceof HttpTimeoutException;
                String why =
                    timedOut
                        ? "no answer within " + Math.min(callTimeoutMs, leftMs) + " ms"
                        : "connection failed: " + cause.getClass().getSimpleName();
                return retry(body, deadlineNanos, attempt, owner, why, -1, timedOut);
              }
              int status = response.statusCode();
              if (status == 200) {
                return CompletableFuture.completedFuture(
                    ChatReply.parse(redact(response.body()), attempt));
              }
              String why = "HTTP " + status + ": " + redact(ChatReply.snippet(response.body()));
              if (status == 429 || status >= 500) {
                return retry(
                    body, deadlineNanos, attempt, owner, why, retryAfterMs(response), false);
              }
              return CompletableFuture.<ChatReply>failedFuture(new ChatException(why));
            })
        .thenCompose(f -> f);
  }

  private CompletableFuture<ChatReply> retry(
      String body,
      long deadlineNanos,
      int attempt,
      CompletableFuture<ChatReply> owner,
      String why,
      long retryAfterMs,
      boolean timedOut) {
    if (attempt > maxRetries) {
      return CompletableFuture.failedFuture(
          new ChatException(why + " (after " + attempt + " attempts)", timedOut));
    }
    long waitMs = retryAfterMs >= 0 ? retryAfterMs : FIRST_BACKOFF_MS << (attempt - 1);
    if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs) >= deadlineNanos) {
      // Waiting would end past the budget; failing now frees the caller sooner.
      return CompletableFuture.failedFuture(
          new ChatException(
              why + "; the retry after " + waitMs + " ms would end past the budget", true));
    }
    return CompletableFuture.supplyAsync(
            () -> null, CompletableFuture.delayedExecutor(waitMs, TimeUnit.MILLISECONDS))
        .thenCompose(x -> attempt(body, deadlineNanos, attempt + 1, owner));
  }

  /**
   * {@code retry-after-ms}, else {@code Retry-After} in seconds (an HTTP-date falls back to
   * backoff); -1 if none.
   */
  static long retryAfterMs(HttpResponse<?> response) {
    var headers = response.headers();
    try {
      var ms = headers.firstValue("retry-after-ms");
      if (ms.isPresent()) {
        return Math.max(0, Math.round(Double.parseDouble(ms.get().trim())));
      }
      var seconds = headers.firstValue("retry-after");
      if (seconds.isPresent()) {
        return Math.max(0, Math.round(Double.parseDouble(seconds.get().trim()) * 1000));
      }
    } catch (NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  static String body(ChatRequest request) {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", request.model());
    ArrayNode messages = root.putArray("messages");
    for (ChatMessage m : request.messages()) {
      messages.addObject().put("role", m.role()).put("content", m.content());
    }
    root.put("max_tokens", request.maxTokens());
    root.put("temperature", 0);
    if (request.topLogprobs() > 0) {
      root.put("logprobs", true);
      root.put("top_logprobs", request.topLogprobs());
    }
    return root.toString();
  }

  /**
   * Some endpoints echo part of a wrong key in their 401 text; none of it may reach a log or an
   * output.
   */
  private String redact(String text) {
    if (apiKey == null || text == null || apiKey.value().length() < 4) {
      return text;
    }
    return text.replace(apiKey.value(), "[hidden]");
  }

  private static Throwable unwrap(Throwable e) {
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof IOException io && io.getCause() instanceof HttpTimeoutException t) {
      return t;
    }
    return e;
  }

  @Override
  public void close() {
    // JDK 17's HttpClient has no close; its threads end when it is unreachable.
  }
}

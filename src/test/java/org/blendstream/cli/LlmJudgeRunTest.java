package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.app.TopicSnapshot;
import org.blendstream.avro.BlendMode;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.ingest.CandidatePublisher;
import org.blendstream.ingest.RequestPublisher;
import org.blendstream.model.chat.FakeChatServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run -D ranker=llm-judge -D fuser=llm} on the embedded broker against the in-process
 * endpoint: the judge ranks sets, a judge that fails leaves a set to the ensemble with the reason,
 * the aggregator fuses, every request is answered once, and the API key reaches the endpoint's
 * Authorization header and nothing else.
 */
@IntegrationTest
class LlmJudgeRunTest {

  private static final String KEY = "sk-e2e-SECRET-7f3a9c";

  @TempDir Path tmp;

  /**
   * Judge calls prefer the answer that says "correct"; a question about trees gets a 401 that
   * echoes the key.
   */
  private static final Function<FakeChatServer.Call, FakeChatServer.Reply> ENDPOINT =
      call -> {
        if (call.systemText().startsWith("You have been provided with a set of responses")) {
          long refs = call.systemText().lines().filter(l -> l.matches("\\d+\\. .*")).count();
          return FakeChatServer.Reply.ok(FakeChatServer.answer("fused from " + refs, "stop"));
        }
        if (call.userText().contains("tree")) {
          return new FakeChatServer.Reply(
              401, Map.of(), FakeChatServer.recorded("error-401.json").replace("{key}", KEY), 0);
        }
        boolean a = call.answer('A').contains("correct");
        boolean b = call.answer('B').contains("correct");
        String letter = a == b ? "C" : a ? "A" : "B";
        return FakeChatServer.Reply.ok(
            FakeChatServer.verdictWithLogprobs(letter, a == b ? 0.5 : a ? 0.95 : 0.05));
      };

  @Test
  void judgesFusesFallsBackToTheEnsembleAndAnswersEveryRequestOnceWithoutShowingTheKey()
      throws Exception {
    Path keyFile = Files.writeString(tmp.resolve("judge.key"), KEY + "\n");
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(tee(stderr, logs), true, StandardCharsets.UTF_8));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (FakeChatServer server = FakeChatServer.start(ENDPOINT)) {
      CommandLine cli =
          Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
      RunCommand run = cli.getSubcommands().get("run").getCommand();
      AtomicInteger exit = new AtomicInteger(-1);
      Thread main =
          new Thread(
              () ->
                  exit.set(
                      cli.execute(
                          "run",
                          "--data-dir",
                          tmp.resolve("data").toString(),
                          "-D",
                          "embedded.kafka.port=0",
                          "-D",
                          "embedded.registry.port=0",
                          "-D",
                          "topic.partitions=1",
                          "-D",
                          "models=a,b",
                          "-D",
                          "deadline.ms=20000",
                          "-D",
                          "metrics.enabled=true",
                          "-D",
                          "metrics.port=0",
                          "-D",
                          "ranker=llm-judge",
                          "-D",
                          "judge.base.url=" + server.baseUrl(),
                          "-D",
                          "judge.model=judge-8b",
                          "-D",
                          "judge.api.key.file=" + keyFile,
                          "-D",
                          "judge.strategy=bubble",
                          "-D",
                          "fuser=llm",
                          "-D",
                          "fuser.top.k=2")),
              "run-command");
      main.start();

      Matcher running =
          RunCommandTest.awaitLine(
              out,
              main,
              Pattern.compile(
                  "blendstream running: bootstrap.servers=(\\S+) schema.registry.url=(\\S+)"));
      String metricsUrl =
          RunCommandTest.awaitLine(out, main, Pattern.compile("metrics (http://\\S+),")).group(1);
      BlendConfig client =
          new BlendConfig(
              Map.of(
                  BlendConfig.BOOTSTRAP_SERVERS,
                  running.group(1),
                  BlendConfig.SCHEMA_REGISTRY_URL,
                  running.group(2)));
      try (RequestPublisher requests = new RequestPublisher(client);
          CandidatePublisher a = new CandidatePublisher(client, "a");
          CandidatePublisher b = new CandidatePublisher(client, "b")) {
        publish(
            requests,
            a,
            b,
            "q1",
            "Name a colour.",
            "Red.",
            "Blue is the correct colour of the sky at noon.");
        publish(
            requests,
            a,
            b,
            "q2",
            "Name a fruit.",
            "Apple is correct.",
            "Banana, a long yellow fruit that most"
                + " people enjoy, peeled and eaten raw or baked into bread.");
        publish(
            requests,
            a,
            b,
            "q3",
            "Name a tree.",
            "Oak.",
            "The birch, a slender tree with white bark.");
      }
      List<BlendedResponse> blended = awaitBlended(client, main, 3);
      Map<String, BlendedResponse> byId =
          blended.stream().collect(Collectors.toMap(r -> r.getRequestId().toString(), r -> r));
      assertEquals(3, blended.size(), "one answer per request: " + blended);
      assertEquals(3, byId.size());

      BlendedResponse q1 = byId.get("q1");
      assertEquals("llm-judge", q1.getRanker().getName());
      assertEquals("b", q1.getSelectedModel(), "the judge's pick ranks first");
      assertEquals(BlendMode.FUSED, q1.getMode());
      assertEquals("fused from 2", q1.getText());
      assertEquals("llm-aggregator", q1.getFuser().getName());
      assertTrue(q1.getFuser().getVersion().startsWith("judge-8b"), "names the aggregator model");
      assertEquals(null, q1.getFallbackReason());
      BlendedResponse q2 = byId.get("q2");
      assertEquals(
          "a", q2.getSelectedModel(), "the judge's pick, not the ensemble's longer answer");

      BlendedResponse q3 = byId.get("q3");
      assertEquals("ensemble", q3.getRanker().getName());
      assertEquals(
          BlendMode.FUSED, q3.getMode(), "the aggregator still fuses what the ensemble ranked");
      assertTrue(
          q3.getFallbackReason().startsWith("judge error: HTTP 401"), q3.getFallbackReason());
      assertTrue(q3.getFallbackReason().contains("[hidden]"), q3.getFallbackReason());

      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertTrue(
          metrics.contains("blendstream_llm_call_seconds_count{outcome=\"ok\",role=\"judge\"}"),
          metrics);
      assertTrue(
          metrics.contains("blendstream_fallbacks_total{reason=\"judge_error\"} 1.0"), metrics);
      assertTrue(
          metrics.contains("blendstream_llm_tokens_total{direction=\"in\",role=\"aggregator\"}"),
          metrics);

      for (FakeChatServer.Call call : server.calls()) {
        assertEquals("Bearer " + KEY, call.authorization());
      }
      assertFalse(blended.toString().contains(KEY), "no output record holds the key");
      assertFalse(metrics.contains(KEY), "no metric holds the key");

      run.stop();
      main.join(Duration.ofSeconds(60).toMillis());
      assertFalse(main.isAlive(), "run returned after stop: " + out);
      assertEquals(0, exit.get(), out + "\n" + err);
    } finally {
      System.setErr(stderr);
    }
    String everything = out + "\n" + err + "\n" + logs.toString(StandardCharsets.UTF_8);
    assertTrue(everything.contains("blendstream running"), "the captured output is the run's");
    assertFalse(everything.contains(KEY), "no log line holds the key");
  }

  private static void publish(
      RequestPublisher requests,
      CandidatePublisher a,
      CandidatePublisher b,
      String id,
      String instruction,
      String answerA,
      String answerB)
      throws Exception {
    requests.publish(id, instruction, null, List.of("a", "b"), null).get();
    a.publish(id, answerA, instruction, 10L).get();
    b.publish(id, answerB, instruction, 12L).get();
  }

  private static OutputStream tee(OutputStream first, OutputStream second) {
    return new OutputStream() {
      @Override
      public void write(int c) {
        synchronized (second) {
          ((ByteArrayOutputStream) second).write(c);
        }
        try {
          first.write(c);
        } catch (java.io.IOException e) {
          // the console is best effort; the capture is what the test reads
        }
      }
    };
  }

  private static List<BlendedResponse> awaitBlended(BlendConfig client, Thread main, int count)
      throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    List<BlendedResponse> blended = List.of();
    while (System.nanoTime() < until) {
      blended = TopicSnapshot.read(client, client.topics().blended(), BlendedResponse.class);
      if (blended.size() >= count) {
        return blended;
      }
      assertTrue(main.isAlive(), "run exited early");
      Thread.sleep(200);
    }
    throw new AssertionError("only " + blended.size() + " blended answers within 90 s: " + blended);
  }
}

package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.app.TopicSnapshot;
import org.blendstream.avro.BlendMode;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.ingest.CandidatePublisher;
import org.blendstream.ingest.RequestPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run} from the command line: embedded broker and registry, one request blended, then a
 * clean stop.
 */
@IntegrationTest
class RunCommandTest {

  @TempDir Path tmp;

  /**
   * Issue 24: a second run started its broker, then exited 4 on the ops port; now it starts
   * nothing.
   */
  @Test
  void aSecondRunWhoseOpsPortIsTakenStartsNothingAndSaysWhich() throws Exception {
    try (java.net.ServerSocket first =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Path data = tmp.resolve("second");
      Cli.Result r =
          Cli.run(
              "run",
              "--data-dir",
              data.toString(),
              "-D",
              "embedded.kafka.port=0",
              "-D",
              "embedded.registry.port=0",
              "-D",
              "metrics.enabled=true",
              "-D",
              "metrics.port=" + first.getLocalPort());
      assertEquals(3, r.code(), r.toString());
      assertTrue(
          r.err().contains("metrics.port=" + first.getLocalPort() + " on 127.0.0.1")
              && r.err().contains("nothing was started"),
          r.toString());
      assertFalse(java.nio.file.Files.exists(data.resolve("kafka")), "no broker was started");
    }
  }

  @Test
  void blendsARequestOnTheEmbeddedClusterAndStopsCleanlyTheWayTheShutdownHookDoes()
      throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
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
                        "ranker=longest",
                        "-D",
                        "topic.partitions=1",
                        "-D",
                        "models=a,b",
                        "-D",
                        "deadline.ms=20000")),
            "run-command");
    main.start();

    Matcher running =
        awaitLine(
            out,
            main,
            Pattern.compile(
                "blendstream running: bootstrap.servers=(\\S+) schema.registry.url=(\\S+) topics"
                    + " blend\\.\\*"));
    String bootstrap = running.group(1);
    BlendConfig client =
        new BlendConfig(
            Map.of(
                BlendConfig.BOOTSTRAP_SERVERS,
                bootstrap,
                BlendConfig.SCHEMA_REGISTRY_URL,
                running.group(2)));
    try (RequestPublisher requests = new RequestPublisher(client);
        CandidatePublisher a = new CandidatePublisher(client, "a");
        CandidatePublisher b = new CandidatePublisher(client, "b")) {
      requests.publish("q1", "Name a colour.", null, List.of("a", "b"), null).get();
      a.publish("q1", "Red.", "Name a colour.", 10L).get();
      b.publish("q1", "Blue, the colour of the sky.", "Name a colour.", 12L).get();
    }
    BlendedResponse answer = awaitBlended(client, main);
    assertEquals("q1", answer.getRequestId());
    assertEquals(BlendMode.SELECTED, answer.getMode());
    assertEquals("b", answer.getSelectedModel(), "longest picks the longer answer");
    assertEquals("Blue, the colour of the sky.", answer.getText());
    assertEquals("longest", answer.getRanker().getName());

    run.stop();
    main.join(Duration.ofSeconds(60).toMillis());
    assertFalse(main.isAlive(), "run returned after stop: " + out);
    assertEquals(0, exit.get(), out + "\n" + err);
    assertTrue(
        out.toString()
            .contains(
                "blendstream stopping: leaving the group, closing the pipeline\n"
                    + "blendstream stopped"),
        out.toString());
    URI broker = URI.create("kafka://" + bootstrap);
    assertThrows(
        IOException.class,
        () -> new Socket(broker.getHost(), broker.getPort()).close(),
        "the embedded broker no longer listens");
  }

  /**
   * The first match of {@code line} in what {@code run} printed, failing if it exits or two minutes
   * pass first.
   */
  static Matcher awaitLine(StringWriter out, Thread main, Pattern line)
      throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < until) {
      Matcher m = line.matcher(out.toString());
      if (m.find()) {
        return m;
      }
      assertTrue(main.isAlive(), "run exited early: " + out);
      Thread.sleep(100);
    }
    throw new AssertionError("run did not start: " + out);
  }

  private static BlendedResponse awaitBlended(BlendConfig client, Thread main)
      throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < until) {
      List<BlendedResponse> blended =
          TopicSnapshot.read(client, client.topics().blended(), BlendedResponse.class);
      if (!blended.isEmpty()) {
        return blended.get(0);
      }
      assertTrue(main.isAlive(), "run exited early");
      Thread.sleep(200);
    }
    throw new AssertionError("no blended answer within 60 s");
  }
}

package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.avro.DeadLetter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A producer and a consumer that nobody here wrote: Node's KafkaJS and
 * {@code @kafkajs/confluent-schema-registry}, with their default options, against the embedded
 * broker and registry ({@code src/test/node/roundtrip.js}). They register the schemas over the
 * registry's REST API, publish requests and answers, and read the blended answers back under
 * read_committed.
 *
 * <p>It needs {@code node} and {@code npm}; the client's pinned packages are installed on first use
 * (npm's registry). Without them the test is skipped, unless {@code
 * BLENDSTREAM_REQUIRE_NODE_CLIENT} is set, as {@code .ci/run} sets it, so that a machine that lost
 * its install step fails instead of passing quietly.
 */
@IntegrationTest
class ThirdPartyClientTest {

  private static final int REQUESTS = 50;
  private static final Path CLIENT = Path.of("src", "test", "node");

  @TempDir Path dataDir;

  @Test
  void kafkaJsWithItsDefaultOptionsPublishesThroughTheRegistryAndReadsTheBlendedAnswers()
      throws Exception {
    requireClient();
    Map<String, Object> props = new HashMap<>();
    props.put(BlendConfig.DATA_DIR, dataDir.toString());
    props.put(BlendConfig.MODELS, "a,b,c");
    props.put(BlendConfig.RANKER, "longest");
    props.put(BlendConfig.EMBEDDED_KAFKA_PORT, 0);
    props.put(BlendConfig.EMBEDDED_REGISTRY_PORT, 0);
    try (BlendApp app = BlendApp.start(new BlendConfig(props))) {
      app.awaitRunning(Duration.ofSeconds(90));
      BlendConfig live = app.config();
      Outcome node =
          run(
              List.of(
                  "node",
                  "roundtrip.js",
                  "--bootstrap",
                  live.bootstrapServers(),
                  "--registry",
                  live.schemaRegistryUrl(),
                  "--requests",
                  String.valueOf(REQUESTS),
                  "--timeout-ms",
                  "150000"),
              200);
      String output = node.output();
      System.out.println("node client: " + output.strip().replace("\n", "\n             "));
      assertTrue(node.finished(), "the node client did not finish within 200 s:\n" + output);
      assertEquals(0, node.exitCode(), "the node client failed:\n" + output);
      assertTrue(output.contains("in=" + REQUESTS + " out=" + REQUESTS + " dup=0"), output);

      // The client's register() asked for BACKWARD on the subjects it created; the registry kept
      // it.
      HttpResponse<String> subjectConfig =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              live.schemaRegistryUrl()
                                  + "/config/"
                                  + live.topics().requests()
                                  + "-value"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, subjectConfig.statusCode(), subjectConfig.body());
      assertEquals(
          "BACKWARD",
          new ObjectMapper().readTree(subjectConfig.body()).path("compatibilityLevel").asText());
      List<DeadLetter> dead =
          BlendPipelineEndToEndTest.readCommitted(
              live, live.topics().deadLetters(), DeadLetter.class, 1, Duration.ofSeconds(3));
      assertTrue(dead.isEmpty(), "nothing the client wrote was dead-lettered: " + dead);
    }
  }

  /**
   * Installs the pinned packages (package-lock.json) on first use, so that the README's one test
   * command covers it.
   */
  private static void requireClient() throws IOException, InterruptedException {
    String missing = null;
    if (!succeeds(List.of("node", "--version"), 30)) {
      missing = "node on the PATH";
    } else if (!Files.isDirectory(CLIENT.resolve("node_modules").resolve("kafkajs"))
        && !succeeds(List.of("npm", "ci", "--no-audit", "--no-fund"), 300)) {
      missing = "the client's packages (npm ci in " + CLIENT + " failed)";
    }
    if (missing != null) {
      if (System.getenv("BLENDSTREAM_REQUIRE_NODE_CLIENT") != null) {
        fail("BLENDSTREAM_REQUIRE_NODE_CLIENT is set, but " + missing + " is missing");
      }
      Assumptions.abort("skipped: needs " + missing);
    }
  }

  private static boolean succeeds(List<String> command, int timeoutSeconds)
      throws InterruptedException {
    try {
      Outcome outcome = run(command, timeoutSeconds);
      System.out.println(String.join(" ", command) + ": " + outcome.output().strip());
      return outcome.finished() && outcome.exitCode() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private record Outcome(boolean finished, int exitCode, String output) {}

  /**
   * Output goes to a file, not a pipe (which fills and blocks a chatty child) and not the fork's
   * stdout (which is surefire's channel: a child writing there corrupts it).
   */
  private static Outcome run(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("blendstream-node-", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(CLIENT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      if (!finished) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      return new Outcome(finished, finished ? p.exitValue() : -1, Files.readString(output));
    } finally {
      Files.deleteIfExists(output);
    }
  }
}

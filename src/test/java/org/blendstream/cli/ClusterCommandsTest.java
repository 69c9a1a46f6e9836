package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.blendstream.BlendConfig;
import org.blendstream.Topics;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.eval.TopicSnapshot;
import org.blendstream.rank.RandomRanker;
import org.blendstream.rank.Ranking;
import org.blendstream.BlendApp;
import org.blendstream.runtime.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The commands that work against a running cluster: topics, produce and replay, as an operator chains them. */
class ClusterCommandsTest {

  @RegisterExtension
  static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  @TempDir
  Path tmp;

  private static Cli.Result onCluster(String prefix, String... args) {
    String[] all = new String[args.length + 6];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(new String[] {"--bootstrap-servers", KAFKA.bootstrapServers(),
        "--schema-registry", KAFKA.schemaRegistryUrl(), "-D", "topic.prefix=" + prefix}, 0, all, args.length, 6);
    return Cli.run(all);
  }

  @Test
  void topicsNamesTheMissingTopicsAndExitsOneThenCreateMakesThemAndTheCheckPasses() throws Exception {
    List<String> fixed = new Topics("t1").fixed();
    Cli.Result missing = onCluster("t1", "topics");
    assertEquals(ErrorHandler.CHECK_FAILED, missing.code(), missing.toString());
    assertEquals(1, missing.err().lines().count(), missing.toString());
    assertTrue(missing.err().startsWith("error: missing topics on " + KAFKA.bootstrapServers() + ": "
        + String.join(", ", fixed)), missing.toString());

    Cli.Result create = onCluster("t1", "topics", "--create");
    assertEquals(0, create.code(), create.toString());
    assertEquals("created or found: " + String.join(", ", fixed), create.out().strip());
    try (Admin admin = KAFKA.admin()) {
      assertTrue(admin.listTopics().names().get().containsAll(Set.copyOf(fixed)));
    }

    Cli.Result check = onCluster("t1", "topics");
    assertEquals(0, check.code(), check.toString());
    assertEquals("all present: " + String.join(", ", fixed), check.out().strip());
  }

  @Test
  void topicsWithoutAClusterIsAUsageError() {
    Cli.Result r = Cli.run("topics");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("topics needs --bootstrap-servers"), r.toString());
  }

  @Test
  void replayOfRecordedSetsAgreesFullyWithTheRecordingRankerAndReportsAnotherRankersAgreement() throws Exception {
    Path data = tmp.resolve("sample.jsonl.gz");
    try (InputStream in = getClass().getResourceAsStream("/samples/alpacaeval-sample.jsonl.gz")) {
      Files.copy(in, data);
    }
    assertEquals(0, onCluster("t2", "topics", "--create").code());
    Cli.Result produced = onCluster("t2", "produce", "--data", data.toString(),
        "--pool", "alpaca-7b,vicuna-13b,wizardlm-13b", "--limit", "4");
    assertEquals(0, produced.code(), produced.toString());
    assertEquals("published 4 requests and their candidates from 3 models", produced.out().strip());

    BlendConfig config = KAFKA.config(Map.of(BlendConfig.TOPIC_PREFIX, "t2", BlendConfig.RANKER, "longest",
        BlendConfig.APPLICATION_ID, "replay-test"));
    List<CandidateSet> sets;
    try (BlendApp app = BlendApp.start(config)) {
      app.awaitRunning(Duration.ofSeconds(60));
      awaitRecords(config, config.topics().blended(), 4);
      sets = TopicSnapshot.read(config, config.topics().candidateSets(), CandidateSet.class);
    }
    assertEquals(4, sets.size());

    Cli.Result same = onCluster("t2", "replay", "--ranker", "longest");
    assertEquals(0, same.code(), same.toString());
    List<String> lines = same.out().lines().toList();
    assertEquals("replayed 4 sets with longest v1; 4 had a recorded answer (by longest v1)", lines.get(0));
    assertEquals("  same best candidate    100.0%", lines.get(1));
    assertEquals("  mean Spearman rho      1.000", lines.get(2));

    // random's agreement with the recorded (length) choice, counted here without the replay code
    long agree = 0;
    try (RandomRanker random = new RandomRanker()) {
      for (CandidateSet s : sets) {
        Ranking r = random.rank(s);
        String longest = s.getCandidates().stream()
            .max(Comparator.comparingInt((Candidate c) -> c.getText().codePointCount(0, c.getText().length())))
            .orElseThrow().getModel();
        agree += r.models().get(r.best()).equals(longest) ? 1 : 0;
      }
    }
    Cli.Result other = onCluster("t2", "replay", "--ranker", "random");
    assertEquals(0, other.code(), other.toString());
    List<String> otherLines = other.out().lines().toList();
    assertEquals("replayed 4 sets with random v1; 4 had a recorded answer (by longest v1)", otherLines.get(0));
    assertEquals(String.format("  same best candidate   %6.1f%%", 100.0 * agree / 4), otherLines.get(1));
  }

  private static void awaitRecords(BlendConfig config, String topic, int n) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (TopicSnapshot.read(config, topic, BlendedResponse.class).size() < n) {
      assertTrue(System.nanoTime() < until, "fewer than " + n + " records on " + topic + " after 60 s");
      Thread.sleep(200);
    }
  }
}

package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.Topics;
import org.blendstream.app.BlendApp;
import org.blendstream.app.TopicSnapshot;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.rank.RandomRanker;
import org.blendstream.rank.Ranking;
import org.blendstream.runtime.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that work against a running cluster: topics, produce and replay, as an operator
 * chains them.
 */
@IntegrationTest
class ClusterCommandsTest {

  @RegisterExtension static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  @TempDir Path tmp;

  private static Cli.Result onCluster(String prefix, String... args) {
    String[] all = new String[args.length + 6];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(
        new String[] {
          "--bootstrap-servers",
          KAFKA.bootstrapServers(),
          "--schema-registry",
          KAFKA.schemaRegistryUrl(),
          "-D",
          "topic.prefix=" + prefix
        },
        0,
        all,
        args.length,
        6);
    return Cli.run(all);
  }

  @Test
  void topicsNamesTheMissingTopicsAndExitsOneThenCreateMakesThemAndTheCheckPasses()
      throws Exception {
    List<String> fixed = new Topics("t1").fixed();
    Cli.Result missing = onCluster("t1", "topics");
    assertEquals(ErrorHandler.CHECK_FAILED, missing.code(), missing.toString());
    assertEquals(1, missing.err().lines().count(), missing.toString());
    assertTrue(
        missing
            .err()
            .startsWith(
                "error: missing topics on "
                    + KAFKA.bootstrapServers()
                    + ": "
                    + String.join(", ", fixed)),
        missing.toString());

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
  void replayRunsAsAJobIntoItsOwnTopicsAndCompareListsEachChangedSelectionWithItsJudgeDelta()
      throws Exception {
    Path data = tmp.resolve("sample.jsonl.gz");
    try (InputStream in = getClass().getResourceAsStream("/samples/alpacaeval-sample.jsonl.gz")) {
      Files.copy(in, data);
    }
    assertEquals(0, onCluster("t2", "topics", "--create").code());
    Cli.Result produced =
        onCluster(
            "t2",
            "produce",
            "--data",
            data.toString(),
            "--pool",
            "alpaca-7b,vicuna-13b,wizardlm-13b",
            "--limit",
            "4");
    assertEquals(0, produced.code(), produced.toString());
    assertEquals("published 4 requests and their candidates from 3 models", produced.out().strip());

    BlendConfig config =
        KAFKA.config(
            Map.of(
                BlendConfig.TOPIC_PREFIX,
                "t2",
                BlendConfig.RANKER,
                "longest",
                BlendConfig.APPLICATION_ID,
                "replay-test"));
    List<CandidateSet> sets;
    try (BlendApp app = BlendApp.start(config)) {
      app.awaitRunning(Duration.ofSeconds(60));
      awaitRecords(config, config.topics().blended(), 4);
      sets = TopicSnapshot.read(config, config.topics().candidateSets(), CandidateSet.class);
    }
    assertEquals(4, sets.size());

    // What random changes against the recorded (longest) choice, counted here without the replay
    // code.
    Map<String, JudgedDataset.Item> items =
        JudgedDataset.read(data).stream().collect(Collectors.toMap(JudgedDataset.Item::id, i -> i));
    List<String> changedLines = new ArrayList<>();
    try (RandomRanker random = new RandomRanker()) {
      for (CandidateSet s : sets) {
        Ranking r = random.rank(s);
        String picked = r.models().get(r.best());
        String longest =
            s.getCandidates().stream()
                .max(
                    Comparator.comparingInt(
                        (Candidate c) -> c.getText().codePointCount(0, c.getText().length())))
                .orElseThrow()
                .getModel();
        if (!picked.equals(longest)) {
          Map<String, JudgedDataset.Judged> judged = items.get(s.getRequestId()).byModel();
          changedLines.add(
              String.format(
                  "  %s  %s -> %s  judge win %+.4f",
                  s.getRequestId(),
                  longest,
                  picked,
                  judged.get(picked).win() - judged.get(longest).win()));
        }
      }
    }
    Path report = Files.createTempFile("replay-", ".html");
    Cli.Result other =
        onCluster("t2", "replay", "--ranker", "random", "--compare", "--report", report.toString());
    assertEquals(0, other.code(), other.toString());
    List<String> lines = other.out().lines().toList();
    assertTrue(lines.get(0).startsWith("replayed 4 sets with random v1 in "), other.toString());
    assertTrue(
        lines
            .get(0)
            .endsWith(" s into t2.blended.replay.random-v1 and t2.rankings.replay.random-v1"),
        other.toString());
    assertEquals(
        "compared 4 of 4 replayed answers with t2.blended (recorded by longest v1)", lines.get(1));
    assertEquals(
        String.format(
            "  same selection       %6.1f%%  (%d of 4)",
            100.0 * (4 - changedLines.size()) / 4, 4 - changedLines.size()),
        lines.get(2));
    assertTrue(lines.get(4).startsWith("  judge win delta  "), other.toString());
    assertEquals("changed selections: " + changedLines.size(), lines.get(5));
    assertEquals(changedLines, lines.subList(6, lines.size() - 1));
    assertEquals("report: " + report, lines.get(lines.size() - 1));
    String page =
        org.blendstream.eval.report.ReportXml.parse(Files.readString(report))
            .getDocumentElement()
            .getTextContent();
    assertTrue(page.contains("Changed selections (" + changedLines.size() + ")"), page);
    for (String changed : changedLines) {
      assertTrue(page.contains(changed.trim().split("\\s+")[0]), "the report lists " + changed);
    }
    Files.delete(report);
    assertTrue(
        other.err().contains("replaying 4 candidate sets of t2.candidate-sets"), other.toString());
    assertTrue(other.err().contains("replay [" + "#".repeat(30) + "] 4/4"), other.toString());

    Cli.Result again = onCluster("t2", "replay", "--ranker", "random");
    assertEquals(ErrorHandler.RUNTIME_FAILURE, again.code(), again.toString());
    assertTrue(again.err().contains("replay version random-v1 was run before"), again.toString());

    Cli.Result same = onCluster("t2", "replay", "--ranker", "longest", "--compare");
    assertEquals(0, same.code(), same.toString());
    List<String> sameLines = same.out().lines().toList();
    assertEquals("  same selection        100.0%  (4 of 4)", sameLines.get(2));
    assertEquals("  mean Spearman rho     1.000", sameLines.get(3));
    assertEquals("changed selections: 0", sameLines.get(sameLines.size() - 1));

    Cli.Result badRange =
        onCluster("t2", "replay", "--ranker", "longest", "--from", "last tuesday");
    assertEquals(2, badRange.code(), badRange.toString());
    assertTrue(
        badRange.err().contains("--from 'last tuesday' is neither an offset"), badRange.toString());
  }

  private static void awaitRecords(BlendConfig config, String topic, int n)
      throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (TopicSnapshot.read(config, topic, BlendedResponse.class).size() < n) {
      assertTrue(
          System.nanoTime() < until, "fewer than " + n + " records on " + topic + " after 60 s");
      Thread.sleep(200);
    }
  }
}

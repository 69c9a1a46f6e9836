package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.blendstream.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@IntegrationTest
class BenchCommandTest {

  @Test
  void printsOneRowPerBatchSizeAndOneInArrivalOrderWithEveryOrderedPairCounted() throws Exception {
    String fixture =
        Path.of(BenchCommandTest.class.getResource("/fixtures/pairranker-tiny/model.pt").toURI())
            .getParent()
            .toString();
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setOut(new PrintWriter(out));
    int code =
        cli.execute(
            "--model",
            fixture,
            "--device",
            "cpu",
            "--sets",
            "2",
            "--candidates",
            "3",
            "--batch-sizes",
            "1,4",
            "--repeats",
            "1");
    assertEquals(0, code, out.toString());
    List<String> rows =
        out.toString().lines().filter(l -> l.startsWith("pairranker batch=")).toList();
    assertEquals(3, rows.size(), out.toString());
    assertTrue(rows.get(0).startsWith("pairranker batch=1 length"), rows.get(0));
    assertTrue(rows.get(1).startsWith("pairranker batch=4 length"), rows.get(1));
    assertTrue(rows.get(2).startsWith("pairranker batch=4 arrival"), rows.get(2));
    for (String row : rows) {
      // 2 sets x 3 x 2 ordered pairs: full mode compares each exactly once per pass
      assertTrue(row.matches(".*\\s12\\s+\\d+\\.\\d+\\s+\\d+\\s+\\d+\\.\\d+x\\s+\\S+"), row);
    }
  }

  @Test
  void jsonRunWritesEveryContractFieldWithPassesCountedPerAggregation(@TempDir Path dir)
      throws Exception {
    String fixture =
        Path.of(BenchCommandTest.class.getResource("/fixtures/pairranker-tiny/model.pt").toURI())
            .getParent()
            .toString();
    Path json = dir.resolve("bench.json");
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(new StringWriter()));
    int code =
        cli.execute(
            "--json",
            json.toString(),
            "--model",
            fixture,
            "--device",
            "cpu",
            "--sizes",
            "4",
            "--repeats",
            "1",
            "--stream-sets",
            "2",
            "--latency-sets",
            "2",
            "--matmul-size",
            "128",
            "--model-cache-dir",
            "target/builtin-cache",
            "--requests",
            "40",
            "--paced-seconds",
            "1");
    assertEquals(0, code, out.toString());
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertTrue(root.get("config").isObject(), root.toString());
    Map<String, List<String>> contract =
        Map.of(
            "pair_scoring", List.of("batched_pairs_per_s", "naive_pairs_per_s", "speedup"),
            "streaming", List.of("e2e_sets_per_s", "model_only_sets_per_s", "ratio"),
            "latency", List.of("p50_ms", "p95_ms", "p99_ms", "model_p50_ms"),
            "efficiency", List.of("model_gflops", "matmul_gflops", "ratio"),
            "throughput",
                List.of(
                    "requests_per_s",
                    "input_records_per_s",
                    "cpu_s_per_1000_requests",
                    "changelog_bytes_per_request",
                    "peak_rss_mb"));
    contract.forEach(
        (group, fields) ->
            fields.forEach(
                f ->
                    assertTrue(
                        root.path(group).path(f).isNumber(), group + "." + f + " in " + root)));
    JsonNode n4 = root.path("aggregation").path("n4");
    for (String f :
        List.of(
            "full_ms",
            "bubble_ms",
            "default_ms",
            "full_passes",
            "bubble_passes",
            "full_over_bubble")) {
      assertTrue(n4.path(f).isNumber(), "aggregation.n4." + f + " in " + root);
    }
    assertEquals(12, n4.get("full_passes").asInt(), n4.toString());
    assertEquals(6, n4.get("bubble_passes").asInt(), n4.toString());
    // one set of 8: every ordered pair once per pass
    assertEquals(
        56,
        root.path("pair_scoring").path("config").path("pairs_per_pass").asInt(),
        root.toString());
    assertTrue(root.get("rss_mb").asLong() > 0, root.toString());
    assertTrue(root.path("efficiency").path("matmul_gflops").asDouble() > 0, root.toString());
  }

  @Test
  void throughputAnswersEveryRequestOnceAndReportsEachPacedLoad() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new BenchCommand());
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code =
        cli.execute(
            "--throughput",
            "--warmup-passes",
            "2",
            "--requests",
            "60",
            "--candidates",
            "4",
            "--repeats",
            "1",
            "--paced-loads",
            "30,60",
            "--paced-seconds",
            "2",
            "-D",
            "ranker=longest");
    // A request unanswered or answered twice fails the command: in = out is checked, not assumed.
    assertEquals(0, code, out.toString());
    String text = out.toString();
    assertTrue(text.contains("60 requests x 4 candidates"), text);
    assertTrue(text.matches("(?s).*saturated: \\d+ requests/s.*"), text);
    assertTrue(text.matches("(?s).*paced  30% .*p99 \\d+ ms.*paced  60% .*"), text);
    double changelog =
        Double.parseDouble(text.replaceAll("(?s).*changelog (\\d+) bytes per request.*", "$1"));
    // Measured, not assumed: each request leaves at least its emitted set's marker in a changelog
    // (answers whose set closes within one commit never reach one).
    assertTrue(changelog > 0, text);
    // The warm-up stops at the cap or at the first pass the compilers left alone, and says which.
    List<String> passes =
        Arrays.stream(err.toString().split("[\\r\\n]+"))
            .filter(l -> l.startsWith("throughput: warm-up "))
            .toList();
    assertTrue(passes.size() == 1 || passes.size() == 2, err.toString());
    String last = passes.get(passes.size() - 1);
    double share = Double.parseDouble(last.replaceAll(".*JIT (\\d+)% of the CPU$", "$1"));
    assertTrue(
        passes.size() == 2 || share < 10,
        "stopped early while the JIT was busy: " + err.toString());
    assertEquals(
        passes.size() == 2 && share >= 10,
        err.toString().contains("the JIT was still busy after 2 warm-up passes"),
        err.toString());
    assertTrue(
        text.matches("(?s).*CPU: [0-9.]+ s per 1,000 requests \\(JIT compilers \\d+% of it\\).*"),
        text);
  }

  @Test
  void compareTimesWholeRankersOnTheSameSetsAndCountsModelFlopsOnlyWhereAModelRuns() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setOut(new PrintWriter(out));
    int code =
        cli.execute(
            "--compare",
            "consensus-embedding,ensemble",
            "--device",
            "cpu",
            "--sets",
            "1",
            "--candidates",
            "3",
            "--repeats",
            "1",
            "--model-cache-dir",
            "target/builtin-cache");
    assertEquals(0, code, out.toString());
    List<String[]> rows =
        out.toString()
            .lines()
            .filter(l -> l.startsWith("consensus-embedding ") || l.startsWith("ensemble "))
            .map(l -> l.trim().split("\\s+"))
            .toList();
    assertEquals(2, rows.size(), out.toString());
    // columns: variant, ms/set, pairs/s, pairs, GFLOP/set, RSS, speedup, FLOP ratio
    double embeddingGflop = Double.parseDouble(rows.get(0)[4]);
    // three encodes of at least [CLS] x [SEP]: 6 layers x 3 tokens x 2 x (4 x 384^2 + 2 x 384 x
    // 1536) flops
    assertTrue(
        embeddingGflop >= 3 * 6 * 3 * 2 * (4.0 * 384 * 384 + 2.0 * 384 * 1536) / 1e9,
        out.toString());
    assertEquals(0.0, Double.parseDouble(rows.get(1)[4]), out.toString());
    assertEquals("0.0000", rows.get(1)[7], out.toString());
  }
}

package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.blendstream.model.chat.FakeChatServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --ranker llm-judge} on a pairwise file, through the command line, with its verdict
 * cache.
 */
class EvalLlmJudgeTest {

  private static final Path PAIRS = Path.of("src/test/resources/eval/pairwise-sample.jsonl");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** A judge that prefers the longer answer, in code points, as the longest baseline does. */
  private static FakeChatServer lengthJudge() {
    return FakeChatServer.start(
        call -> {
          String a = call.answer('A');
          String b = call.answer('B');
          int d = a.codePointCount(0, a.length()) - b.codePointCount(0, b.length());
          String letter = d > 0 ? "A" : d < 0 ? "B" : "C";
          return FakeChatServer.Reply.ok(
              FakeChatServer.verdictWithLogprobs(letter, d > 0 ? 0.8 : d < 0 ? 0.2 : 0.5));
        });
  }

  private Cli.Result eval(FakeChatServer server, Path json, Path cache) {
    return Cli.run(
        "eval",
        "--data",
        PAIRS.toString(),
        "--ranker",
        "llm-judge",
        "--json",
        json.toString(),
        "-D",
        "judge.base.url=" + server.baseUrl(),
        "-D",
        "judge.model=judge-8b",
        "--judge-cache",
        cache.toString());
  }

  @Test
  void measuresTheJudgesAgreementAndARerunReadsEveryVerdictFromTheCache() throws Exception {
    Path cache = tmp.resolve("verdicts.tsv");
    JsonNode first;
    int pairs = Files.readAllLines(PAIRS).size();
    try (FakeChatServer server = lengthJudge()) {
      Cli.Result r = eval(server, tmp.resolve("first.json"), cache);
      assertEquals(0, r.code(), r.toString());
      assertEquals(2 * pairs, server.calls().size(), "both orders of every pair");
      first = JSON.readTree(tmp.resolve("first.json").toFile());
    }
    Cli.Result longest =
        Cli.run(
            "eval",
            "--data",
            PAIRS.toString(),
            "--ranker",
            "longest",
            "--json",
            tmp.resolve("longest.json").toString());
    assertEquals(0, longest.code(), longest.toString());
    JsonNode baseline = JSON.readTree(tmp.resolve("longest.json").toFile());
    assertEquals(
        baseline.path("agreement").path("hits").asDouble(),
        first.path("agreement").path("hits").asDouble(),
        "a judge that prefers the longer answer agrees where longest does: "
            + first.path("agreement"));
    assertEquals("llm-judge", first.path("ranker").asText());
    assertEquals(
        "logit(a,b) - logit(b,a)",
        first.path("preference").asText(),
        "both orders of every pair are in the matrix");

    try (FakeChatServer server = lengthJudge()) {
      Cli.Result again = eval(server, tmp.resolve("again.json"), cache);
      assertEquals(0, again.code(), again.toString());
      assertEquals(0, server.calls().size(), "every verdict came from the cache file");
      assertEquals(
          first.path("agreement"),
          JSON.readTree(tmp.resolve("again.json").toFile()).path("agreement"));
    }
  }

  @Test
  void onJudgedHistoryAJudgeThatPrefersLengthWinsWhatLongestWins() throws Exception {
    Path data = tmp.resolve("sample.jsonl.gz");
    try (java.io.InputStream in =
        getClass().getResourceAsStream("/samples/alpacaeval-sample.jsonl.gz")) {
      Files.copy(in, data);
    }
    String pool = "alpaca-7b,vicuna-13b,wizardlm-13b";
    JsonNode judge;
    try (FakeChatServer server = lengthJudge()) {
      Cli.Result r =
          Cli.run(
              "eval",
              "--data",
              data.toString(),
              "--pool",
              pool,
              "--limit",
              "10",
              "--ranker",
              "llm-judge",
              "-D",
              "judge.base.url=" + server.baseUrl(),
              "-D",
              "judge.model=judge-8b",
              "-D",
              "judge.strategy=full",
              "--json",
              tmp.resolve("judge.json").toString());
      assertEquals(0, r.code(), r.toString());
      assertEquals(10 * 6, server.calls().size(), "every ordered pair of 3, for 10 sets");
      judge = JSON.readTree(tmp.resolve("judge.json").toFile());
    }
    Cli.Result r =
        Cli.run(
            "eval",
            "--data",
            data.toString(),
            "--pool",
            pool,
            "--limit",
            "10",
            "--ranker",
            "longest",
            "--json",
            tmp.resolve("longest.json").toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode longest = JSON.readTree(tmp.resolve("longest.json").toFile());
    assertEquals(
        longest.path("win_rate").asDouble(),
        judge.path("win_rate").asDouble(),
        1e-9,
        judge.toString());
  }

  @Test
  void aJudgeThatFailsStopsTheEvaluationInsteadOfScoringTheEnsemble() {
    try (FakeChatServer server =
        FakeChatServer.start(
            c -> FakeChatServer.Reply.error(400, "error-500.json", java.util.Map.of()))) {
      Cli.Result r = eval(server, tmp.resolve("failed.json"), tmp.resolve("c.tsv"));
      assertTrue(r.code() != 0, r.toString());
      assertTrue(r.toString().contains("the judge did not rank request"), r.toString());
    }
  }
}

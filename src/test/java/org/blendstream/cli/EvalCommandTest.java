package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {

  @TempDir
  Path tmp;

  @Test
  void writesEveryContractFieldAndAChartForTheLengthBaseline() throws Exception {
    Path data = tmp.resolve("sample.jsonl.gz");
    try (InputStream in = getClass().getResourceAsStream("/samples/alpacaeval-sample.jsonl.gz")) {
      Files.copy(in, data);
    }
    Path json = tmp.resolve("out/report.json");
    StringWriter printed = new StringWriter();
    int code = new CommandLine(new EvalCommand()).setOut(new PrintWriter(printed)).execute(
        "--data", data.toString(), "--pool", "alpaca-7b,vicuna-13b,wizardlm-13b", "--ranker", "longest",
        "--limit", "10", "--json", json.toString());
    assertEquals(0, code, printed.toString());
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    for (String field : new String[] {"n_sets", "ranker", "win_rate", "best_single", "random", "longest", "oracle",
        "pearson", "spearman", "footrule", "pair_accuracy", "win_rate_delta_ci", "pairs_scored", "seconds"}) {
      assertTrue(r.has(field), "missing " + field);
    }
    assertEquals(10, r.get("n_sets").asInt());
    assertEquals(r.get("longest").asDouble(), r.get("win_rate").asDouble(), 1e-9);
    assertTrue(r.get("best_single").has("model") && r.get("best_single").has("win_rate"));
    assertEquals(2, r.get("win_rate_delta_ci").size());
    assertTrue(r.get("oracle").asDouble() >= r.get("best_single").get("win_rate").asDouble());
    assertTrue(Files.readString(tmp.resolve("out/report.svg")).startsWith("<svg"));
    assertTrue(printed.toString().contains("pair accuracy"));
  }
}

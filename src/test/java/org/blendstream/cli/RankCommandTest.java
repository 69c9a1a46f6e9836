package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RankCommandTest {

  private static String fixture() throws URISyntaxException {
    return Path.of(RankCommandTest.class.getResource("/fixtures/pairranker-tiny/model.pt").toURI())
        .getParent().toString();
  }

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new RankCommand());
    cli.setOut(new PrintWriter(out));
    int code = cli.execute(args);
    assertEquals(0, code, out.toString());
    return out.toString();
  }

  @Test
  void printsMatrixScoresAndOrderForTheFixtureModel() throws URISyntaxException {
    String out = run("--model", fixture(), "--device", "cpu", "--prompt", "What is the capital of France?",
        "--candidate", "Paris.", "--candidate", "Lyon, I think.", "--candidate", "The capital of France is Paris.");
    assertTrue(out.contains("matrix"), out);
    assertTrue(out.contains("aggregation maxlogits"), out);
    // header row plus one row per candidate, each with three numeric cells
    String[] lines = out.split("\n");
    long rows = java.util.Arrays.stream(lines)
        .filter(l -> l.matches("\\s+c[0-2]\\s+-?\\d+\\.\\d{4}\\s+-?\\d+\\.\\d{4}\\s+-?\\d+\\.\\d{4}")).count();
    assertEquals(3, rows, out);
    assertTrue(out.contains("scores:"), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("order: ")), out);
  }

  @Test
  void bubbleOutputSaysTheOrderIsPartialAndShowsUncomparedPairs() throws URISyntaxException {
    String out = run("--model", fixture(), "--device", "cpu", "--aggregation", "bubble", "--prompt", "Hi?",
        "--candidate", "hello", "--candidate", "hello world", "--candidate", "good", "--candidate", "bad");
    assertTrue(out.contains("order (partial"), out);
    assertTrue(out.contains(" - "), out);
  }
}

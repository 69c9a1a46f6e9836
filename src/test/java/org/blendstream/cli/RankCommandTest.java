package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.blendstream.IntegrationTest;
import org.junit.jupiter.api.Test;

/** {@code rank} as a user runs it, read back from what it prints. */
@IntegrationTest
class RankCommandTest {

  private static final String PROMPT = "What is the capital of France?";
  private static final String SHORT = "The capital of France is Paris.";
  private static final String LONG =
      "Paris is the capital city, and it is known for the Eiffel tower!";
  private static final String UNSURE = "I don't know [SEP] maybe Lyon?";

  /**
   * What the command printed: the matrix (null where "-"), the scores and the order, by candidate
   * index.
   */
  record Printed(
      String rankerLine,
      Double[][] matrix,
      double[] scores,
      List<Integer> order,
      String orderLine) {}

  private static Path fixture() throws URISyntaxException {
    return Path.of(RankCommandTest.class.getResource("/fixtures/pairranker-tiny/model.pt").toURI())
        .getParent();
  }

  private static Printed run(String... args) {
    Cli.Result r = Cli.run(args);
    assertEquals(0, r.code(), r.toString());
    return parse(r.out());
  }

  private static Printed parse(String out) {
    List<String> lines = out.lines().toList();
    int first = lines.indexOf("candidates:") + 1;
    int n = 0;
    while (lines.get(first + n).startsWith("  c")) {
      n++;
    }
    Double[][] m = null;
    int header =
        lines.indexOf(lines.stream().filter(l -> l.startsWith("matrix (")).findFirst().orElse(""));
    if (header >= 0) {
      m = new Double[n][n];
      for (int i = 0; i < n; i++) {
        String[] cells = lines.get(header + 2 + i).trim().split("\\s+");
        assertEquals("c" + i, cells[0], out);
        for (int j = 0; j < n; j++) {
          m[i][j] = cells[j + 1].equals("-") ? null : Double.valueOf(cells[j + 1]);
        }
      }
    }
    double[] scores = new double[n];
    Pattern score = Pattern.compile("  rank (\\d+)  c(\\d+) +(-?\\d+\\.\\d{4})");
    for (String l : lines) {
      Matcher x = score.matcher(l);
      if (x.matches()) {
        scores[Integer.parseInt(x.group(2))] = Double.parseDouble(x.group(3));
      }
    }
    String orderLine = lines.stream().filter(l -> l.startsWith("order")).findFirst().orElseThrow();
    List<Integer> order = new ArrayList<>();
    for (String c : orderLine.substring(orderLine.lastIndexOf(':') + 1).trim().split(" ")) {
      order.add(Integer.parseInt(c.substring(1)));
    }
    return new Printed(lines.get(0), m, scores, order, orderLine);
  }

  /**
   * The fixture's logits as the Python reference computed them
   * (tools/fixtures/make_pairranker_fixture.py).
   */
  private static double goldenLogit(String c1, String c2) throws Exception {
    JsonNode golden = new ObjectMapper().readTree(fixture().resolve("golden.json").toFile());
    for (JsonNode p : golden.get("pairs")) {
      if (p.get("source").asText().equals(PROMPT)
          && p.get("candidate1").asText().equals(c1)
          && p.get("candidate2").asText().equals(c2)) {
        return p.get("logit").asDouble();
      }
    }
    throw new IllegalStateException("no golden pair " + c1 + " / " + c2);
  }

  @Test
  void printsTheFixtureModelsLogitsTheirMaxLogitsScoresAndTheOrderOfThoseScores() throws Exception {
    Printed p =
        run(
            "rank",
            "--model",
            fixture().toString(),
            "--device",
            "cpu",
            "--prompt",
            PROMPT,
            "--candidate",
            SHORT,
            "--candidate",
            LONG,
            "--candidate",
            UNSURE);
    assertEquals(
        "ranker pairranker-tiny-fixture-1 on cpu (float32), aggregation maxlogits", p.rankerLine());
    // printed to 4 decimals; the Java engine matches the Python logits to 1e-4
    assertEquals(goldenLogit(SHORT, LONG), p.matrix()[0][1], 2e-4);
    assertEquals(goldenLogit(LONG, SHORT), p.matrix()[1][0], 2e-4);
    assertEquals(goldenLogit(UNSURE, SHORT), p.matrix()[2][0], 2e-4);
    int n = 3;
    for (int i = 0; i < n; i++) {
      assertEquals(0.0, p.matrix()[i][i]);
      double expected = 0;
      for (int j = 0; j < n; j++) {
        expected += (p.matrix()[i][j] - p.matrix()[j][i]) / (n - 1);
      }
      assertEquals(expected, p.scores()[i], 2e-4, "maxlogits score of c" + i);
    }
    for (int k = 1; k < n; k++) {
      assertTrue(
          p.scores()[p.order().get(k - 1)] >= p.scores()[p.order().get(k)],
          "order follows the scores: " + p);
    }
  }

  @Test
  void bubbleComparesTwoOrdersPerStepAndSaysOnlyTheBestIsCertain() throws Exception {
    Printed p =
        run(
            "rank",
            "--model",
            fixture().toString(),
            "--device",
            "cpu",
            "--aggregation",
            "bubble",
            "--prompt",
            "Hi?",
            "--candidate",
            "hello",
            "--candidate",
            "hello world",
            "--candidate",
            "good",
            "--candidate",
            "bad");
    assertTrue(p.orderLine().startsWith("order (partial"), p.orderLine());
    int n = 4;
    int compared = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j && p.matrix()[i][j] != null) {
          compared++;
          assertNotNull(p.matrix()[j][i], "bubble compares both orders of a pair");
        }
      }
    }
    assertEquals(2 * (n - 1), compared);
    assertEquals(n, p.order().size());
  }

  @Test
  void withoutModelItRanksWithTheShippedEnsembleAndNamesIt() throws IOException {
    Printed p =
        run(
            "rank",
            "--prompt",
            "Give me three tips for staying healthy.",
            "--candidate",
            "I don't know.",
            "--candidate",
            HELPFUL);
    assertEquals("ranker ensemble v1", p.rankerLine());
    assertEquals(List.of(1, 0), p.order(), "the answer that addresses the question ranks first");
  }

  private static final String HELPFUL =
      "1. Eat a balanced diet with plenty of fruit and vegetables.\n2. Exercise"
          + " regularly, at least 30 minutes a day.\n3. Sleep seven to eight hours every night.";

  @Test
  void theBuiltinCrossEncoderRanksWhenNamedAndNamesItOnce() throws IOException {
    String helpful = HELPFUL;
    Printed p =
        run(
            "rank",
            "-D",
            "ranker=builtin",
            "-D",
            "model.cache.dir=target/builtin-cache",
            "--device",
            "cpu",
            "--prompt",
            "Give me three tips for staying healthy.",
            "--candidate",
            "I don't know.",
            "--candidate",
            helpful);
    assertTrue(
        p.rankerLine()
            .matches(
                "ranker builtin-minilm-pairranker-\\S+ on cpu \\(float32\\), aggregation"
                    + " maxlogits"),
        p.rankerLine());
    assertEquals(List.of(1, 0), p.order(), "the answer that addresses the question ranks first");
    assertTrue(
        p.scores()[1] > 0 && p.scores()[0] < 0, "maxlogits scores of two are opposite: " + p);
  }

  @Test
  void longestNeedsNoModelAndOrdersByLength() {
    Cli.Result r =
        Cli.run(
            "rank",
            "--ranker",
            "longest",
            "--prompt",
            "p",
            "--candidate",
            "mid size",
            "--candidate",
            "the longest answer",
            "--candidate",
            "short");
    assertEquals(0, r.code(), r.toString());
    Printed p = parse(r.out());
    assertEquals("ranker longest v1", p.rankerLine());
    assertNull(p.matrix());
    assertTrue(r.out().contains("matrix: none"), r.out());
    assertEquals(List.of(1, 0, 2), p.order());
    assertArrayEquals(new double[] {8, 18, 5}, p.scores(), 1e-9);
    assertFalse(r.out().contains("e+"), r.out());
  }
}

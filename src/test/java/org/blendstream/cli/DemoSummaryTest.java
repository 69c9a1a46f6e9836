package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.avro.BlendMode;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.RankerInfo;
import org.blendstream.avro.Timings;
import org.blendstream.eval.JudgedDataset;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {

  private static final List<String> POOL = List.of("a", "b");

  /**
   * n items where a wins {@code winA} and b {@code winB}; the ranker picks {@code picked}. Every
   * third set misses the laggard b, and the sets named in {@code lateA} miss a as well.
   */
  private static String summary(int n, double winA, double winB, String picked, String... lateA) {
    List<BlendedResponse> answers = new ArrayList<>();
    Map<String, JudgedDataset.Item> items = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String id = "r" + i;
      // Vary the wins a little, so that a bootstrap has something to resample.
      items.put(
          id,
          new JudgedDataset.Item(
              id,
              "instruction",
              "test",
              "reference",
              List.of(
                  new JudgedDataset.Judged("a", "text a", winA * (1 + i % 3 * 0.1)),
                  new JudgedDataset.Judged("b", "text b", winB * (1 + i % 2 * 0.1)))));
      answers.add(
          BlendedResponse.newBuilder()
              .setRequestId(id)
              .setText("t")
              .setMode(BlendMode.SELECTED)
              .setSelectedModel(picked)
              .setRanked(List.of())
              .setRanker(RankerInfo.newBuilder().setName("longest").setVersion("1").build())
              .setTimings(new Timings(5L, 1L, null))
              .setComplete(i % 3 != 1 && !List.of(lateA).contains(id))
              .setMissingModels(
                  List.of(lateA).contains(id)
                      ? List.of("a", "b")
                      : i % 3 == 1 ? List.of("b") : List.of())
              .build());
    }
    StringWriter out = new StringWriter();
    new DemoSummary(answers, items, POOL, "b", 40).print(new PrintWriter(out), n, 2.5, 0.8);
    return out.toString();
  }

  @Test
  void itemsTheJudgeCannotSeparateGiveAStatementNotARowOfZeros() {
    String s = summary(5, 0.001, 0.0, "b");
    assertTrue(s.contains("5 of 5 blended answers"), s);
    assertTrue(s.contains("cannot tell a good pick from a bad one"), s);
    assertFalse(s.contains("0.0%"), s);
    assertFalse(s.contains("chosen"), "no win rates at all: " + s);
  }

  @Test
  void setsThatMissMoreThanTheLaggardAreExplainedAsLateAnswers() {
    assertFalse(
        summary(6, 0.001, 0.0, "b").contains("also lack"), "the laggard's skips are planned");
    String s = summary(6, 0.001, 0.0, "b", "r2");
    assertTrue(s.contains("3 complete, 3 closed at the deadline"), s);
    assertTrue(s.contains("1 of those sets also lack models other than b"), s);
  }

  @Test
  void fewSeparatingItemsNeverCrownAWinnerEvenWhenTheRankerAlwaysPicksTheWorse() {
    String s = summary(6, 0.4, 0.1, "b");
    assertTrue(s.contains("n=6 items"), s);
    assertTrue(s.contains("too few items to tell the ranker from the best single model"), s);
    assertTrue(s.contains("best single model a"), s);
  }

  @Test
  void enoughItemsWithAClearGapAreCalledWithTheirInterval() {
    String worse = summary(30, 0.4, 0.1, "b");
    assertTrue(worse.contains("the best single model leads on these items"), worse);
    assertTrue(worse.contains("CI"), worse);
    String same = summary(30, 0.4, 0.1, "a");
    assertTrue(same.contains("too few items to tell"), "no difference at all is no lead: " + same);
  }
}

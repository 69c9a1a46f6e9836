package org.blendstream.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.blendstream.eval.JudgedDataset.Item;
import org.blendstream.eval.JudgedDataset.Judged;
import org.blendstream.rank.LongestRanker;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  private static final List<String> POOL = List.of("a", "b", "c");

  // Two complete sets and one lacking model c, which must be skipped.
  private static final List<Item> ITEMS =
      List.of(
          new Item(
              "i1",
              "q1",
              "d",
              "ref",
              List.of(
                  new Judged("a", "short", 0.2),
                  new Judged("b", "a much longer answer", 0.6),
                  new Judged("c", "mid one", 0.1))),
          new Item(
              "i2",
              "q2",
              "d",
              "ref",
              List.of(
                  new Judged("a", "the longest answer of all", 0.0),
                  new Judged("b", "tiny", 0.5),
                  new Judged("c", "medium", 0.9))),
          new Item(
              "i3",
              "q3",
              "d",
              "ref",
              List.of(new Judged("a", "x", 1.0), new Judged("b", "y", 1.0))));

  @Test
  void pairAccuracyIsAbsentNotZeroWhenNoPairsWinsDifferByTheMargin() {
    // The first AlpacaEval items often look like this: the judge prefers the reference to every
    // candidate.
    List<Item> flat =
        List.of(
            new Item(
                "f1",
                "q",
                "d",
                "ref",
                List.of(
                    new Judged("a", "one", 0.0),
                    new Judged("b", "two two", 0.02),
                    new Judged("c", "three three three", 0.05))));
    EvalReport r =
        new Evaluator(POOL)
            .evaluate(PoolSet.complete(flat, POOL), new LongestRanker(), "longest", null, () -> {});
    assertNull(r.pairAccuracy());
    assertEquals(
        "n/a (no pair's wins differ by 0.1)", EvalReport.pairAccuracyText(r.pairAccuracy()));
  }

  @Test
  void keepsOnlySetsWithEveryPoolModelInPoolOrder() {
    List<PoolSet> sets = PoolSet.complete(ITEMS, List.of("c", "a", "b"));
    assertEquals(2, sets.size());
    assertEquals("c", sets.get(0).set().getCandidates().get(0).getModel());
    assertEquals(0.1, sets.get(0).wins()[0]);
  }

  @Test
  void reportsBaselinesAndTheRankersChoices() {
    List<PoolSet> sets = PoolSet.complete(ITEMS, POOL);
    EvalReport r =
        new Evaluator(POOL).evaluate(sets, new LongestRanker(), "longest", null, () -> {});
    assertEquals(2, r.nSets());
    // longest picks b (0.6) in set 1 and a (0.0) in set 2
    assertEquals(30.0, r.winRate(), 1e-9);
    assertEquals(30.0, r.longest(), 1e-9);
    // single models: a 10, b 55, c 50
    assertEquals("b", r.bestSingle().model());
    assertEquals(55.0, r.bestSingle().winRate(), 1e-9);
    // random expectation: mean of (0.9/3, 1.4/3)
    assertEquals(100 * (0.9 / 3 + 1.4 / 3) / 2, r.random(), 1e-9);
    assertEquals(75.0, r.oracle(), 1e-9);
    // by length, set 1 orders b, c, a: (a,b) right, (a,c) wrong (a is better by 0.1), (b,c) right;
    // set 2 orders a, c, b: (a,b) wrong, (a,c) wrong, (b,c) right. Three of six pairs.
    assertEquals(100.0 * 3 / 6, r.pairAccuracy(), 1e-9);
    assertEquals(0, r.pairsScored());
    // choices minus b: set 1: 0, set 2: -0.5; every resample mean lies in [-50, 0] points
    double[] ci = r.winRateDeltaCi();
    assertEquals(-50.0, ci[0], 1e-9);
    assertEquals(0.0, ci[1], 1e-9);
  }
}

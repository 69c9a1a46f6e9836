package org.blendstream.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.blendstream.eval.JudgedDataset.Item;
import org.blendstream.eval.JudgedDataset.Judged;
import org.blendstream.rank.LongestRanker;
import org.junit.jupiter.api.Test;

class CrossValidatorTest {

  private static final List<String> POOL = List.of("a", "b");

  private static Item item(String id, double winA, double winB) {
    return new Item(
        id,
        "q " + id,
        "d",
        "ref",
        List.of(new Judged("a", "short", winA), new Judged("b", "a longer answer", winB)));
  }

  @Test
  void foldsAreDisjointCoverEveryInstructionAndDependOnTheSeed() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ids.add("id-" + i);
    }
    Folds folds = new Folds(5, 0);
    Set<String> seen = new HashSet<>();
    for (int f = 0; f < 5; f++) {
      List<String> held = folds.held(ids, s -> s, f);
      assertTrue(held.size() > 20 && held.size() < 60, "fold " + f + " holds " + held.size());
      held.forEach(id -> assertTrue(seen.add(id), id + " in two folds"));
      assertEquals(ids.size() - held.size(), folds.training(ids, s -> s, f).size());
    }
    assertEquals(ids.size(), seen.size());
    assertNotEquals(
        ids.stream().map(folds::of).toList(), ids.stream().map(new Folds(5, 1)::of).toList());
  }

  @Test
  void theBestSingleModelIsPickedOnTheTrainingFoldsNotOnTheHeldOne() {
    // Model a wins every instruction of fold 0, model b every other one: on fold 0, a user with the
    // other folds'
    // history picks b, so the best single there scores 0, and a ranker that always picks a beats
    // it.
    Folds folds = new Folds(3, 0);
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String id = "i" + i;
      items.add(folds.of(id) == 0 ? item(id, 1.0, 0.0) : item(id, 0.0, 1.0));
    }
    FoldStrategy longest = FoldStrategy.fixed("longest", "", LongestRanker::new);
    CvReport r =
        new CrossValidator(POOL, folds, 0)
            .run(items, List.of("t"), List.of(longest), o -> {}, () -> {});
    CvReport.FoldBaseline fold0 = r.baselines().get(0);
    assertEquals("b", fold0.bestSingle());
    assertEquals(0.0, fold0.bestSingleWinRate(), 1e-12);
    // longest always picks b: 0 on fold 0, 100 elsewhere; its delta is against each fold's own best
    // single
    CvReport.Strategy s = r.strategies().get(0);
    assertEquals(0.0, s.folds().get(0).winRate(), 1e-12);
    for (int f = 1; f < 3; f++) {
      assertEquals(100.0, s.folds().get(f).winRate(), 1e-12);
      assertEquals(
          100.0 - r.baselines().get(f).bestSingleWinRate(), s.folds().get(f).delta(), 1e-12);
    }
    assertEquals(0.0, s.folds().get(0).delta(), 1e-12);
    assertEquals(60, r.nSets());
  }

  @Test
  void theSpreadIsTheSampleStandardDeviationOverFolds() {
    CvReport.Spread s = CvReport.Spread.of(new double[] {1, 2, 3, 4});
    assertEquals(2.5, s.mean(), 1e-12);
    assertEquals(Math.sqrt(5.0 / 3), s.sd(), 1e-12);
  }
}

package org.blendstream.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.FuserInfo;
import org.blendstream.fuse.Fuser;
import org.blendstream.fuse.FusionDeadline;
import org.blendstream.fuse.FusionPrompt;
import org.blendstream.rank.LongestRanker;
import org.junit.jupiter.api.Test;

class TextMetricsTest {

  private static CandidateSet set(String id, String reference, String... texts) {
    List<String> models =
        java.util.stream.IntStream.range(0, texts.length).mapToObj(i -> "m" + i).toList();
    return EvalSets.of(id, "instruction", null, reference, models, List.of(texts));
  }

  /** Joins the candidates it is given, best first, so the test knows what fusion saw. */
  private static final class JoiningFuser implements Fuser {
    final List<List<String>> seen = new java.util.ArrayList<>();

    @Override
    public List<String> fuse(List<FusionPrompt> prompts, FusionDeadline deadline) {
      prompts.forEach(p -> seen.add(p.candidates()));
      return prompts.stream().map(p -> String.join(" ", p.candidates())).toList();
    }

    @Override
    public FuserInfo info() {
      return new FuserInfo("joining", "1");
    }
  }

  @Test
  void selectedAndFusedModesScoreTheSameInstructionsAgainstTheirReferences() {
    JoiningFuser fuser = new JoiningFuser();
    TextMetrics metrics = new TextMetrics(fuser, 2);
    List<CandidateSet> sets =
        List.of(
            set("1", "the cat sat on the mat", "the cat sat on the mat today", "a dog", "cat"),
            set("2", "two plus two is four", "four", "two plus two equals four", "5"),
            set("3", null, "no reference here", "none"));
    try (LongestRanker longest = new LongestRanker()) {
      sets.forEach(s -> metrics.add(s, longest.rank(s)));
    }
    TextMetrics.Report r = metrics.report();
    assertEquals(2, r.withReference());
    assertEquals(1, r.withoutReference());
    assertEquals(
        List.of("selected", "fused"),
        r.modes().stream().map(TextMetrics.ModeScores::mode).toList());
    assertEquals(
        List.of(
            List.of("the cat sat on the mat today", "a dog"),
            List.of("two plus two equals four", "four")),
        fuser.seen,
        "the fuser reads the top 2, best first");

    List<String> refs = List.of("the cat sat on the mat", "two plus two is four");
    TextMetrics.ModeScores selected = r.modes().get(0);
    assertEquals(
        Bleu.corpus(
                List.of("the cat sat on the mat today", "two plus two equals four"),
                List.of(List.of(refs.get(0)), List.of(refs.get(1))))
            .score(),
        selected.bleu(),
        1e-9);
    double r1 =
        (Rouge.rougeN(refs.get(0), "the cat sat on the mat today", 1).fmeasure()
                + Rouge.rougeN(refs.get(1), "two plus two equals four", 1).fmeasure())
            / 2;
    assertEquals(100 * r1, selected.rouge1(), 1e-9);
    assertTrue(
        r.modes().get(1).bleu() != selected.bleu(),
        "fused answers are scored, not the selected ones");
  }

  @Test
  void withoutReferencesThereAreNoModesAndWithoutAFuserNoFusedMode() {
    TextMetrics none = new TextMetrics(null, 3);
    CandidateSet s = set("1", "", "a", "bb");
    try (LongestRanker longest = new LongestRanker()) {
      none.add(s, longest.rank(s));
    }
    assertEquals(List.of(), none.report().modes());
    assertNull(none.report().fuser());
    TextMetrics selectedOnly = new TextMetrics(null, 3);
    CandidateSet t = set("2", "bb", "a", "bb");
    try (LongestRanker longest = new LongestRanker()) {
      selectedOnly.add(t, longest.rank(t));
    }
    assertEquals(
        List.of("selected"),
        selectedOnly.report().modes().stream().map(TextMetrics.ModeScores::mode).toList());
    assertEquals(100.0, selectedOnly.report().modes().get(0).rouge1(), 1e-9);
  }
}

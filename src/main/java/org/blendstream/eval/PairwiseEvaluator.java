package org.blendstream.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Ranking;

/**
 * Scores a ranker on preference pairs. Each pair becomes a set of two candidates, a then b. A
 * ranker that fills the comparison matrix prefers a by {@code logit(a,b) − logit(b,a)}, both seats,
 * as PairRM's numbers use it; any other ranker by its score difference on that set. Consensus
 * signals see only the other answer there, symmetrically, so they tie every pair: that is what they
 * can say about a pair, and the report counts such ties.
 */
public final class PairwiseEvaluator {

  static final List<String> MODELS = List.of("a", "b");

  /** {@code afterEachPair} is called once per scored pair, for a progress line. */
  public PairwiseReport evaluate(
      List<PairwiseDataset.Pair> pairs,
      Ranker ranker,
      String rankerName,
      String aggregation,
      Runnable afterEachPair) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("the pairwise dataset holds no pair");
    }
    long started = System.nanoTime();
    Map<String, Tally> groups = new LinkedHashMap<>();
    Tally all = new Tally();
    int byLogits = 0;
    int rankerTies = 0;
    long scored = 0;
    for (PairwiseDataset.Pair p : pairs) {
      Ranking r =
          ranker.rank(EvalSets.of(p.id(), p.prompt(), null, null, MODELS, List.of(p.a(), p.b())));
      scored += r.comparedPairs();
      Double ab = r.matrix()[0][1];
      Double ba = r.matrix()[1][0];
      double preference;
      if (ab != null && ba != null) {
        preference = ab - ba;
        byLogits++;
      } else {
        preference = r.scores()[0] - r.scores()[1];
      }
      if (preference == 0) {
        rankerTies++;
      }
      double hit = hit(p.label(), preference);
      all.add(p.label(), hit);
      groups.computeIfAbsent(p.group(), g -> new Tally()).add(p.label(), hit);
      afterEachPair.run();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Map<String, PairwiseReport.Group> byGroup = new LinkedHashMap<>();
    groups.forEach((g, t) -> byGroup.put(g, t.group()));
    String basis =
        byLogits == pairs.size()
            ? PairwiseReport.BY_LOGITS
            : byLogits == 0
                ? PairwiseReport.BY_SCORES
                : "mixed: " + byLogits + " pairs by logits, the rest by scores";
    PairwiseReport.Group total = all.group();
    return new PairwiseReport(
        PairwiseReport.FORMAT,
        pairs.size(),
        total.nLabelTies(),
        rankerName,
        aggregation,
        basis,
        PairwiseReport.INTERVAL,
        total.agreement(),
        total.agreementTiesAsMisses(),
        rankerTies,
        byGroup,
        scored,
        seconds);
  }

  /**
   * 1 when the preference points at the labelled answer, ½ when it is 0, else 0; a tie label never
   * scores.
   */
  static double hit(PairwiseDataset.Label label, double preference) {
    if (label == PairwiseDataset.Label.TIE) {
      return 0;
    }
    if (preference == 0) {
      return 0.5;
    }
    return (label == PairwiseDataset.Label.A) == (preference > 0) ? 1 : 0;
  }

  private static final class Tally {
    int pairs;
    int ties;
    double hits;

    void add(PairwiseDataset.Label label, double hit) {
      pairs++;
      if (label == PairwiseDataset.Label.TIE) {
        ties++;
      }
      hits += hit;
    }

    PairwiseReport.Group group() {
      return new PairwiseReport.Group(
          pairs,
          ties,
          PairwiseReport.Agreement.of(hits, pairs - ties),
          PairwiseReport.Agreement.of(hits, pairs));
    }
  }
}

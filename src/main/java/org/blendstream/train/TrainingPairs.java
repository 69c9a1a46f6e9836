package org.blendstream.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.blendstream.eval.JudgedDataset;

/**
 * Pairwise labels from judged candidates: two answers to one instruction, the one with the higher
 * {@code win} is better. Pairs closer than {@code margin} are skipped, because the judge's
 * probabilities are too noisy to order them. Both orders of every pair are kept, so the model
 * cannot learn a position preference.
 */
public final class TrainingPairs {

  /** One ordered pair of one item: label 1 when {@code first} is the better answer. */
  public record Pair(int item, int first, int second, float label) {}

  private final List<Pair> pairs;

  private TrainingPairs(List<Pair> pairs) {
    this.pairs = pairs;
  }

  /** {@code models} lists each item's candidates in the order their indices refer to. */
  public static TrainingPairs of(List<List<JudgedDataset.Judged>> models, double margin) {
    List<Pair> pairs = new ArrayList<>();
    for (int item = 0; item < models.size(); item++) {
      List<JudgedDataset.Judged> c = models.get(item);
      for (int i = 0; i < c.size(); i++) {
        for (int j = i + 1; j < c.size(); j++) {
          double d = c.get(i).win() - c.get(j).win();
          if (Math.abs(d) < margin) {
            continue;
          }
          float label = d > 0 ? 1f : 0f;
          pairs.add(new Pair(item, i, j, label));
          pairs.add(new Pair(item, j, i, 1f - label));
        }
      }
    }
    return new TrainingPairs(pairs);
  }

  public int size() {
    return pairs.size();
  }

  /** The pairs of one epoch in a seeded order: epoch e of seed s is always the same order. */
  public List<Pair> epoch(long seed, int epoch) {
    List<Pair> shuffled = new ArrayList<>(pairs);
    Collections.shuffle(shuffled, new Random(seed * 1_000_003L + epoch));
    return shuffled;
  }

  /**
   * A seeded sample of at most {@code n} pairs, one order each (the first of the two stored), for
   * evaluation.
   */
  public List<Pair> sample(long seed, int n) {
    List<Pair> oneOrder = new ArrayList<>();
    for (int k = 0; k < pairs.size(); k += 2) {
      oneOrder.add(pairs.get(k));
    }
    Collections.shuffle(oneOrder, new Random(seed));
    return oneOrder.subList(0, Math.min(n, oneOrder.size()));
  }
}

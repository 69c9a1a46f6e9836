package org.blendstream.rank;

import java.util.Arrays;
import java.util.List;

/**
 * Minimum-Bayes-risk consensus with a lexical similarity: each candidate's mean ROUGE-1 F1 (unigram
 * overlap with clipped counts over {@link WordTokens}) against every other candidate of its set; 0
 * for a set of one. An answer that says what most others say scores high. F1 also punishes a length
 * mismatch, so padding an answer with repeats lowers its score instead of raising it.
 */
public final class LexicalConsensus implements WordSignal {

  public static final String NAME = "consensus-lexical";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double[] score(SetWords words) {
    int n = words.size();
    // Words are ids of one per-set vocabulary, so a bag is a few int arrays and a pair's overlap is
    // a walk over one
    // bag's distinct words, looked up in the other's counts spread over a dense array: no map, no
    // sort.
    int[] dense = new int[words.vocabularySize()];
    Bag[] bags = new Bag[n];
    for (int i = 0; i < n; i++) {
      bags[i] = Bag.of(words.ids(i), dense);
    }
    double[] sum = new double[n];
    for (int i = 0; i < n; i++) {
      bags[i].spread(dense);
      for (int j = i + 1; j < n; j++) {
        double f = f1(bags[i], bags[j], dense);
        sum[i] += f;
        sum[j] += f;
      }
      bags[i].clear(dense);
    }
    return n < 2 ? new double[n] : Arrays.stream(sum).map(s -> s / (n - 1)).toArray();
  }

  /**
   * ROUGE-1 F1 of two texts over the same words the signal counts; replay comparisons score an
   * answer against the request's reference with it, fused answers included.
   */
  public static double rouge1(String a, String b) {
    SetWords words = SetWords.of(List.of(a, b));
    int[] dense = new int[words.vocabularySize()];
    Bag x = Bag.of(words.ids(0), dense);
    Bag y = Bag.of(words.ids(1), dense);
    x.spread(dense);
    return f1(x, y, dense);
  }

  /**
   * A text's distinct word ids, in order of first sight, with their counts, and its length in
   * words.
   */
  private record Bag(int[] ids, int[] counts, long length) {
    /** {@code dense} is all zeros, indexed by word id, and is left so. */
    static Bag of(int[] words, int[] dense) {
      int[] distinct = new int[words.length];
      int d = 0;
      for (int id : words) {
        if (dense[id]++ == 0) {
          distinct[d++] = id;
        }
      }
      int[] counts = new int[d];
      for (int k = 0; k < d; k++) {
        counts[k] = dense[distinct[k]];
        dense[distinct[k]] = 0;
      }
      return new Bag(Arrays.copyOf(distinct, d), counts, words.length);
    }

    void spread(int[] dense) {
      for (int k = 0; k < ids.length; k++) {
        dense[ids[k]] = counts[k];
      }
    }

    void clear(int[] dense) {
      for (int id : ids) {
        dense[id] = 0;
      }
    }
  }

  /**
   * ROUGE-1 F1 = 2·overlap / (|a| + |b|), with a's counts spread over {@code dense}; 0 when either
   * side has no words.
   */
  private static double f1(Bag a, Bag b, int[] dense) {
    if (a.length() == 0 || b.length() == 0) {
      return 0;
    }
    long overlap = 0;
    for (int k = 0; k < b.ids().length; k++) {
      overlap += Math.min(dense[b.ids()[k]], b.counts()[k]);
    }
    return 2.0 * overlap / (a.length() + b.length());
  }
}

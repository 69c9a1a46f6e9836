package org.blendstream.rank;

import java.util.Arrays;
import java.util.List;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;

/**
 * Minimum-Bayes-risk consensus with a lexical similarity: each candidate's mean ROUGE-1 F1 (unigram overlap with
 * clipped counts over {@link WordTokens}) against every other candidate of its set; 0 for a set of one. An answer
 * that says what most others say scores high. F1 also punishes a length mismatch, so padding an answer with repeats
 * lowers its score instead of raising it.
 */
public final class LexicalConsensus implements CandidateSignal {

  public static final String NAME = "consensus-lexical";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double[] score(CandidateSet set) {
    List<Candidate> candidates = set.getCandidates();
    int n = candidates.size();
    // Words become ids of one per-set vocabulary, so each pair is a merge of two sorted id arrays, not map lookups.
    WordTokens.Vocabulary vocabulary = new WordTokens.Vocabulary();
    Bag[] bags = new Bag[n];
    for (int i = 0; i < n; i++) {
      bags[i] = Bag.of(candidates.get(i).getText(), vocabulary);
    }
    double[] sum = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double f = f1(bags[i], bags[j]);
        sum[i] += f;
        sum[j] += f;
      }
    }
    return n < 2 ? new double[n] : Arrays.stream(sum).map(s -> s / (n - 1)).toArray();
  }

  /**
   * ROUGE-1 F1 of two texts over the same words the signal counts; replay comparisons score an answer against the
   * request's reference with it, fused answers included.
   */
  public static double rouge1(String a, String b) {
    WordTokens.Vocabulary vocabulary = new WordTokens.Vocabulary();
    return f1(Bag.of(a, vocabulary), Bag.of(b, vocabulary));
  }

  /** A text's distinct word ids, sorted, with their counts, and its length in words. */
  private record Bag(int[] ids, int[] counts, long length) {
    static Bag of(String text, WordTokens.Vocabulary vocabulary) {
      int[] words = WordTokens.ids(text, vocabulary);
      Arrays.sort(words);
      int distinct = 0;
      int[] c = new int[words.length];
      for (int k = 0; k < words.length; k++) {
        if (k > 0 && words[k] == words[k - 1]) {
          c[distinct - 1]++;
        } else {
          words[distinct] = words[k];
          c[distinct++] = 1;
        }
      }
      return new Bag(Arrays.copyOf(words, distinct), Arrays.copyOf(c, distinct), words.length);
    }
  }

  /** ROUGE-1 F1 = 2·overlap / (|a| + |b|); 0 when either side has no words. */
  private static double f1(Bag a, Bag b) {
    if (a.length() == 0 || b.length() == 0) {
      return 0;
    }
    long overlap = 0;
    int x = 0;
    int y = 0;
    while (x < a.ids().length && y < b.ids().length) {
      if (a.ids()[x] < b.ids()[y]) {
        x++;
      } else if (a.ids()[x] > b.ids()[y]) {
        y++;
      } else {
        overlap += Math.min(a.counts()[x++], b.counts()[y++]);
      }
    }
    return 2.0 * overlap / (a.length() + b.length());
  }
}

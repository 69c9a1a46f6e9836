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
    int[][] ids = new int[n][];
    int[][] counts = new int[n][];
    long[] lengths = new long[n];
    for (int i = 0; i < n; i++) {
      int[] words = WordTokens.ids(candidates.get(i).getText(), vocabulary);
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
      ids[i] = Arrays.copyOf(words, distinct);
      counts[i] = Arrays.copyOf(c, distinct);
      lengths[i] = words.length;
    }
    double[] sum = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double f = f1(ids[i], counts[i], lengths[i], ids[j], counts[j], lengths[j]);
        sum[i] += f;
        sum[j] += f;
      }
    }
    return n < 2 ? new double[n] : Arrays.stream(sum).map(s -> s / (n - 1)).toArray();
  }

  /** ROUGE-1 F1 = 2·overlap / (|a| + |b|); 0 when either side has no words. */
  static double f1(int[] aIds, int[] aCounts, long aLength, int[] bIds, int[] bCounts, long bLength) {
    if (aLength == 0 || bLength == 0) {
      return 0;
    }
    long overlap = 0;
    int x = 0;
    int y = 0;
    while (x < aIds.length && y < bIds.length) {
      if (aIds[x] < bIds[y]) {
        x++;
      } else if (aIds[x] > bIds[y]) {
        y++;
      } else {
        overlap += Math.min(aCounts[x++], bCounts[y++]);
      }
    }
    return 2.0 * overlap / (aLength + bLength);
  }
}

package org.blendstream.rank;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    Map<String, Integer> vocabulary = new HashMap<>();
    int[][] ids = new int[n][];
    int[][] counts = new int[n][];
    long[] lengths = new long[n];
    for (int i = 0; i < n; i++) {
      Map<Integer, int[]> bag = new HashMap<>();
      WordTokens.forEach(candidates.get(i).getText(), word -> {
        Integer id = vocabulary.computeIfAbsent(word, w -> vocabulary.size());
        bag.computeIfAbsent(id, k -> new int[1])[0]++;
      });
      int[] sorted = bag.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
      int[] c = new int[sorted.length];
      for (int k = 0; k < sorted.length; k++) {
        c[k] = bag.get(sorted[k])[0];
        lengths[i] += c[k];
      }
      ids[i] = sorted;
      counts[i] = c;
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

package org.blendstream.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * ROUGE-N and ROUGE-Lsum as Google's {@code rouge_score} computes them with its defaults ({@code
 * use_stemmer=False}: no stemming): lower-case, every run of characters outside {@code [a-z0-9]}
 * separates tokens, and Lsum splits summaries into sentences at newlines only ({@code
 * split_summaries=False}). Scores are in [0, 1].
 */
public final class Rouge {

  /**
   * One comparison; {@code fmeasure} is the harmonic mean of precision and recall, 0 when both are.
   */
  public record Score(double precision, double recall, double fmeasure) {

    static Score of(double precision, double recall) {
      double f = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
      return new Score(precision, recall, f);
    }
  }

  private static final Score ZERO = new Score(0, 0, 0);

  private Rouge() {}

  public static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    for (String t : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (!t.isEmpty()) {
        tokens.add(t);
      }
    }
    return tokens;
  }

  /**
   * ROUGE-N of {@code prediction} against {@code target}, the order rouge_score's {@code score}
   * takes them.
   */
  public static Score rougeN(String target, String prediction, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("ROUGE-N needs n >= 1, got " + n);
    }
    Map<List<String>, Integer> t = ngrams(tokenize(target), n);
    Map<List<String>, Integer> p = ngrams(tokenize(prediction), n);
    int overlap = 0;
    for (Map.Entry<List<String>, Integer> e : t.entrySet()) {
      overlap += Math.min(e.getValue(), p.getOrDefault(e.getKey(), 0));
    }
    int tCount = t.values().stream().mapToInt(Integer::intValue).sum();
    int pCount = p.values().stream().mapToInt(Integer::intValue).sum();
    return Score.of((double) overlap / Math.max(pCount, 1), (double) overlap / Math.max(tCount, 1));
  }

  /**
   * Summary-level LCS (Lin 2004, section 3.2): for each target sentence the union of its LCS with
   * every prediction sentence, each token counted at most as often as it occurs on both sides, as
   * ROUGE-1.5.5 does.
   */
  public static Score rougeLsum(String target, String prediction) {
    List<List<String>> refs = sentences(target);
    List<List<String>> cans = sentences(prediction);
    if (refs.isEmpty() || cans.isEmpty()) {
      return ZERO;
    }
    int m = refs.stream().mapToInt(List::size).sum();
    int n = cans.stream().mapToInt(List::size).sum();
    if (m == 0 || n == 0) {
      return ZERO;
    }
    Map<String, Integer> refLeft = counts(refs);
    Map<String, Integer> canLeft = counts(cans);
    int hits = 0;
    for (List<String> r : refs) {
      TreeSet<Integer> union = new TreeSet<>();
      for (List<String> c : cans) {
        union.addAll(lcsIndices(r, c));
      }
      for (int i : union) {
        String tok = r.get(i);
        if (canLeft.getOrDefault(tok, 0) > 0 && refLeft.getOrDefault(tok, 0) > 0) {
          hits++;
          canLeft.merge(tok, -1, Integer::sum);
          refLeft.merge(tok, -1, Integer::sum);
        }
      }
    }
    return Score.of((double) hits / n, (double) hits / m);
  }

  /**
   * Indices into {@code ref} of one longest common subsequence, read back as rouge_score's
   * backtrack does.
   */
  static List<Integer> lcsIndices(List<String> ref, List<String> can) {
    int rows = ref.size();
    int cols = can.size();
    int[][] t = new int[rows + 1][cols + 1];
    for (int i = 1; i <= rows; i++) {
      for (int j = 1; j <= cols; j++) {
        t[i][j] =
            ref.get(i - 1).equals(can.get(j - 1))
                ? t[i - 1][j - 1] + 1
                : Math.max(t[i - 1][j], t[i][j - 1]);
      }
    }
    List<Integer> lcs = new ArrayList<>();
    int i = rows;
    int j = cols;
    while (i > 0 && j > 0) {
      if (ref.get(i - 1).equals(can.get(j - 1))) {
        lcs.add(0, i - 1);
        i--;
        j--;
      } else if (t[i][j - 1] > t[i - 1][j]) {
        j--;
      } else {
        i--;
      }
    }
    return lcs;
  }

  // Non-empty lines, tokenized; a line of punctuation only stays, as an empty sentence.
  private static List<List<String>> sentences(String text) {
    List<List<String>> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        out.add(tokenize(line));
      }
    }
    return out;
  }

  private static Map<String, Integer> counts(List<List<String>> sentences) {
    Map<String, Integer> c = new HashMap<>();
    sentences.forEach(s -> s.forEach(tok -> c.merge(tok, 1, Integer::sum)));
    return c;
  }

  private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
    Map<List<String>, Integer> c = new HashMap<>();
    for (int i = 0; i + n <= tokens.size(); i++) {
      c.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
    }
    return c;
  }
}

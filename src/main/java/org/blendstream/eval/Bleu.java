package org.blendstream.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Corpus BLEU as sacrebleu computes it by default ({@code BLEU()}: 13a tokenization,
 * case-sensitive, 4-grams, {@code exp} smoothing, brevity penalty from the closest reference
 * length, shorter on ties), so that a figure here can be quoted next to one from sacrebleu. Scores
 * are on sacrebleu's 0–100 scale.
 */
public final class Bleu {

  public static final int MAX_ORDER = 4;

  /**
   * sacrebleu's smoothings that a corpus score uses: none, or mteval-v13a's {@code exp} (its
   * default).
   */
  public enum Smoothing {
    NONE,
    EXP
  }

  // mteval-v13a's language-dependent rules, in order, as sacrebleu's TokenizerRegexp applies them.
  private static final Pattern PUNCTUATION =
      Pattern.compile("([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])");
  private static final Pattern PERIOD_COMMA_AFTER = Pattern.compile("([^0-9])([\\.,])");
  private static final Pattern PERIOD_COMMA_BEFORE = Pattern.compile("([\\.,])([^0-9])");
  private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");
  // sacrebleu floors log(0) to this, so a zero precision drives the score to 0 instead of failing.
  private static final double LOG_ZERO = -9999999999.0;

  /**
   * The sufficient statistics and the score; {@code correct[n-1]}/{@code total[n-1]} count n-grams.
   */
  public record Score(
      double score, int[] correct, int[] total, double brevityPenalty, int sysLen, int refLen) {}

  private Bleu() {}

  /** sacrebleu's {@code 13a} tokenizer, applied after its right-strip of the segment. */
  public static String tokenize13a(String segment) {
    String line = rstrip(segment);
    line = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
    if (line.indexOf('&') >= 0) {
      line =
          line.replace("&quot;", "\"")
              .replace("&amp;", "&")
              .replace("&lt;", "<")
              .replace("&gt;", ">");
    }
    line = " " + line + " ";
    line = PUNCTUATION.matcher(line).replaceAll(" $1 ");
    line = PERIOD_COMMA_AFTER.matcher(line).replaceAll("$1 $2 ");
    line = PERIOD_COMMA_BEFORE.matcher(line).replaceAll(" $1 $2");
    line = DASH_AFTER_DIGIT.matcher(line).replaceAll("$1 $2 ");
    return String.join(" ", split(line));
  }

  /** Default corpus BLEU: each hypothesis with its own references (one or more, all non-null). */
  public static Score corpus(List<String> hypotheses, List<List<String>> references) {
    return corpus(hypotheses, references, MAX_ORDER, Smoothing.EXP);
  }

  public static Score corpus(
      List<String> hypotheses, List<List<String>> references, int maxOrder, Smoothing smoothing) {
    if (hypotheses.size() != references.size()) {
      throw new IllegalArgumentException(
          hypotheses.size() + " hypotheses but " + references.size() + " reference lists");
    }
    int[] correct = new int[maxOrder];
    int[] total = new int[maxOrder];
    int sysLen = 0;
    int refLen = 0;
    for (int k = 0; k < hypotheses.size(); k++) {
      // Clipping counts: each n-gram counts at most as often as in the reference that has it most
      // often.
      Map<String, Integer> refMax = new HashMap<>();
      int[] refLens = new int[references.get(k).size()];
      for (int r = 0; r < refLens.length; r++) {
        String[] tokens = split(tokenize13a(references.get(k).get(r)));
        refLens[r] = tokens.length;
        ngrams(tokens, maxOrder).forEach((g, c) -> refMax.merge(g, c, Math::max));
      }
      String[] hyp = split(tokenize13a(hypotheses.get(k)));
      sysLen += hyp.length;
      refLen += closest(hyp.length, refLens);
      for (Map.Entry<String, Integer> e : ngrams(hyp, maxOrder).entrySet()) {
        int n = order(e.getKey());
        total[n - 1] += e.getValue();
        correct[n - 1] += Math.min(e.getValue(), refMax.getOrDefault(e.getKey(), 0));
      }
    }
    return compute(correct, total, sysLen, refLen, smoothing);
  }

  /** sacrebleu's {@code compute_bleu} without effective order, as a corpus score uses it. */
  public static Score compute(
      int[] correct, int[] total, int sysLen, int refLen, Smoothing smoothing) {
    int maxOrder = correct.length;
    double bp = 1.0;
    if (sysLen < refLen) {
      bp = sysLen > 0 ? Math.exp(1 - (double) refLen / sysLen) : 0.0;
    }
    boolean anyCorrect = false;
    for (int c : correct) {
      anyCorrect |= c > 0;
    }
    if (!anyCorrect) {
      return new Score(0.0, correct, total, bp, sysLen, refLen);
    }
    double[] precisions = new double[maxOrder];
    double smoothMteval = 1.0;
    for (int n = 1; n <= maxOrder; n++) {
      if (total[n - 1] == 0) {
        break;
      }
      if (correct[n - 1] == 0) {
        if (smoothing == Smoothing.EXP) {
          smoothMteval *= 2;
          precisions[n - 1] = 100.0 / (smoothMteval * total[n - 1]);
        }
      } else {
        precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
      }
    }
    double logSum = 0;
    for (double p : precisions) {
      logSum += p == 0.0 ? LOG_ZERO : Math.log(p);
    }
    return new Score(bp * Math.exp(logSum / maxOrder), correct, total, bp, sysLen, refLen);
  }

  private static int closest(int hypLen, int[] refLens) {
    int bestDiff = -1;
    int best = -1;
    for (int len : refLens) {
      int diff = Math.abs(hypLen - len);
      if (bestDiff == -1 || diff < bestDiff || (diff == bestDiff && len < best)) {
        bestDiff = diff;
        best = len;
      }
    }
    return best;
  }

  // N-grams of every order up to maxOrder, joined by a space (13a tokens never hold one).
  private static Map<String, Integer> ngrams(String[] tokens, int maxOrder) {
    Map<String, Integer> counts = new HashMap<>();
    for (int n = 1; n <= maxOrder; n++) {
      for (int i = 0; i + n <= tokens.length; i++) {
        counts.merge(
            String.join(" ", java.util.Arrays.copyOfRange(tokens, i, i + n)), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static int order(String ngram) {
    int n = 1;
    for (int i = 0; i < ngram.length(); i++) {
      if (ngram.charAt(i) == ' ') {
        n++;
      }
    }
    return n;
  }

  /** Python's {@code str.split()}: runs of Unicode whitespace separate tokens, none empty. */
  static String[] split(String s) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && isPythonSpace(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < s.length() && !isPythonSpace(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    return out.toArray(String[]::new);
  }

  private static String rstrip(String s) {
    int end = s.length();
    while (end > 0 && isPythonSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  // Python's str.isspace(): Java's whitespace plus the no-break spaces and NEL that Java leaves
  // out.
  private static boolean isPythonSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
  }
}

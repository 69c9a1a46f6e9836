package org.blendstream.rank;

import java.util.List;
import java.util.function.BiFunction;

/**
 * The instrumented test scorer: logits come from a function of (first, second), and every pair the
 * model would have evaluated is counted, so tests can pin down how many forward pair evaluations a
 * mode costs.
 */
final class CountingMatrixScorer implements PairScorer {

  private final BiFunction<Integer, Integer, Double> logit;
  int pairsScored;
  int calls;

  CountingMatrixScorer(BiFunction<Integer, Integer, Double> logit) {
    this.logit = logit;
  }

  static CountingMatrixScorer of(double[][] m) {
    return new CountingMatrixScorer((i, j) -> m[i][j]);
  }

  @Override
  public PreparedSet prepare(String source, List<String> candidates) {
    int n = candidates.size();
    return new PreparedSet() {
      @Override
      public int size() {
        return n;
      }

      @Override
      public double[] logits(List<CandidatePair> pairs) {
        calls++;
        pairsScored += pairs.size();
        return pairs.stream()
            .mapToDouble(
                p -> {
                  if (p.first() == p.second()) {
                    throw new AssertionError("a candidate was compared with itself: " + p);
                  }
                  return logit.apply(p.first(), p.second());
                })
            .toArray();
      }
    };
  }

  @Override
  public String version() {
    return "counting-test-scorer";
  }

  @Override
  public String device() {
    return "cpu";
  }

  @Override
  public String dtype() {
    return "float64";
  }
}

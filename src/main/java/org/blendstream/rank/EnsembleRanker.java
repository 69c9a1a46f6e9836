package org.blendstream.rank;

import java.util.List;
import java.util.Map;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankerInfo;

/**
 * Scores each candidate as a weighted sum of its signals: {@code s_i = Σ_k w_k t_k(i)}, where
 * {@code t_k} is signal k, standardised within the set when its term says so. The weights are a
 * logistic model of "i beats j" on {@code s_i − s_j}, fitted on judged pairs, so the score
 * difference of two candidates is a log-odds.
 */
public final class EnsembleRanker implements Ranker {

  public static final String NAME = "ensemble";

  private final EnsembleWeights weights;
  private final List<CandidateSignal> signals;

  /**
   * {@code signals} by name must hold every signal the weights name; the ranker does not own them.
   */
  public EnsembleRanker(EnsembleWeights weights, Map<String, CandidateSignal> signals) {
    this.weights = weights;
    this.signals =
        weights.signals().stream()
            .map(
                name -> {
                  CandidateSignal s = signals.get(name);
                  if (s == null) {
                    throw new IllegalArgumentException(
                        "the ensemble names signal '"
                            + name
                            + "', which is not available; have "
                            + signals.keySet());
                  }
                  return s;
                })
            .toList();
  }

  @Override
  public Ranking rank(CandidateSet set) {
    List<Candidate> candidates = set.getCandidates();
    double[] scores = scores(set);
    return Ranking.byScores(
        candidates.stream().map(Candidate::getModel).toList(),
        Ranking.emptyMatrix(candidates.size()),
        scores,
        true,
        null);
  }

  public double[] scores(CandidateSet set) {
    int n = set.getCandidates().size();
    double[] total = new double[n];
    SetWords words = null;
    for (int k = 0; k < signals.size(); k++) {
      EnsembleWeights.Term term = weights.terms().get(k);
      CandidateSignal signal = signals.get(k);
      double[] t;
      if (signal instanceof WordSignal w) {
        // One scan of the answers serves every signal that counts words.
        words = words != null ? words : SetWords.of(set);
        t = w.score(words);
      } else {
        t = signal.score(set);
      }
      if (term.standardize()) {
        t = standardized(t);
      }
      for (int i = 0; i < n; i++) {
        total[i] += term.weight() * t[i];
      }
    }
    return total;
  }

  /**
   * (x − mean) / sd within the set; all zeros when the set does not vary, so a constant signal
   * abstains.
   */
  public static double[] standardized(double[] x) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(var / x.length);
    double[] z = new double[x.length];
    if (sd > 1e-12) {
      for (int i = 0; i < x.length; i++) {
        z[i] = (x[i] - mean) / sd;
      }
    }
    return z;
  }

  @Override
  public LivePrior livePrior() {
    return signals.stream()
        .filter(LivePrior.class::isInstance)
        .map(LivePrior.class::cast)
        .findFirst()
        .orElse(null);
  }

  @Override
  public RankerInfo info() {
    return RankerInfo.newBuilder().setName(NAME).setVersion(weights.version()).build();
  }
}

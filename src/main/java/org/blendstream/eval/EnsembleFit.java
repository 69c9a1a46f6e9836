package org.blendstream.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.blendstream.rank.CandidateSignal;
import org.blendstream.rank.EnsembleRanker;
import org.blendstream.rank.EnsembleWeights;

/**
 * Fits the ensemble's weights on judged history: a logistic model of "i beats j" on the difference
 * of the two candidates' signal terms, over the pairs whose wins differ by the evaluation margin.
 *
 * <p>The prior is <em>cross-fitted</em>: the prior term of an instruction comes from a prior fitted
 * on the other inner folds. A prior scored on the instructions it was fitted on knows their
 * answers, and its weight would then reflect memory, not the out-of-sample strength it has on a new
 * instruction.
 */
public final class EnsembleFit {

  public static final String PRIOR = "prior";
  public static final int INNER_FOLDS = 4;
  static final long INNER_SEED = 7L;
  public static final double L2 = 1.0;

  /** A signal the ensemble uses, and whether it is standardised within its set. */
  public record TermSpec(String signal, boolean standardize) {}

  /**
   * The weights, and the prior fitted on the whole history that they go with (null without a prior
   * term).
   */
  public record Fitted(EnsembleWeights weights, CandidateSignal prior) {}

  private final List<String> pool;
  private final List<TermSpec> terms;
  private final Map<String, CandidateSignal> signals;
  private final Function<List<JudgedDataset.Item>, CandidateSignal> priorFit;

  /**
   * {@code signals} holds every training-free term by name; {@code priorFit} fits the prior term on
   * history.
   */
  public EnsembleFit(
      List<String> pool,
      List<TermSpec> terms,
      Map<String, CandidateSignal> signals,
      Function<List<JudgedDataset.Item>, CandidateSignal> priorFit) {
    this.pool = List.copyOf(pool);
    this.terms = List.copyOf(terms);
    this.signals = signals;
    this.priorFit = priorFit;
  }

  public boolean usesPrior() {
    return terms.stream().anyMatch(t -> t.signal().equals(PRIOR));
  }

  public Fitted fit(List<JudgedDataset.Item> history, String version) {
    List<double[]> differences = new ArrayList<>();
    if (usesPrior()) {
      Folds inner = new Folds(INNER_FOLDS, INNER_SEED);
      for (int g = 0; g < INNER_FOLDS; g++) {
        CandidateSignal prior = priorFit.apply(inner.training(history, JudgedDataset.Item::id, g));
        addPairs(
            PoolSet.complete(inner.held(history, JudgedDataset.Item::id, g), pool),
            prior,
            differences);
      }
    } else {
      addPairs(PoolSet.complete(history, pool), null, differences);
    }
    double[] w = new PairLogistic(L2, 50).fit(differences);
    List<EnsembleWeights.Term> fitted = new ArrayList<>();
    for (int k = 0; k < terms.size(); k++) {
      fitted.add(new EnsembleWeights.Term(terms.get(k).signal(), w[k], terms.get(k).standardize()));
    }
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("instructions", history.size());
    provenance.put("pool", pool);
    provenance.put("judged_pairs", differences.size());
    provenance.put("pair_margin", RankAgreement.PAIR_MARGIN);
    provenance.put("l2", L2);
    provenance.put(
        "prior",
        usesPrior() ? "cross-fitted over " + INNER_FOLDS + " inner folds for the weights" : "none");
    EnsembleWeights weights =
        new EnsembleWeights(EnsembleWeights.FORMAT, version, fitted, provenance);
    return new Fitted(weights, usesPrior() ? priorFit.apply(history) : null);
  }

  /** The ranker a fit gives: the training-free signals plus the fitted prior. */
  public EnsembleRanker ranker(Fitted fitted) {
    Map<String, CandidateSignal> all = new HashMap<>(signals);
    if (fitted.prior() != null) {
      all.put(PRIOR, fitted.prior());
    }
    return new EnsembleRanker(fitted.weights(), all);
  }

  private void addPairs(List<PoolSet> sets, CandidateSignal prior, List<double[]> out) {
    for (PoolSet s : sets) {
      double[][] t = new double[terms.size()][];
      for (int k = 0; k < terms.size(); k++) {
        TermSpec spec = terms.get(k);
        CandidateSignal signal = spec.signal().equals(PRIOR) ? prior : signals.get(spec.signal());
        if (signal == null) {
          throw new IllegalArgumentException("no signal named '" + spec.signal() + "' to fit");
        }
        double[] raw = signal.score(s.set());
        t[k] = spec.standardize() ? EnsembleRanker.standardized(raw) : raw;
      }
      double[] w = s.wins();
      for (int i = 0; i < w.length; i++) {
        for (int j = 0; j < w.length; j++) {
          if (w[i] - w[j] >= RankAgreement.PAIR_MARGIN) {
            double[] x = new double[terms.size()];
            for (int k = 0; k < x.length; k++) {
              x[k] = t[k][i] - t[k][j];
            }
            out.add(x);
          }
        }
      }
    }
  }
}

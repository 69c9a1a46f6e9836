package org.blendstream.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.blendstream.rank.CandidateSignal;
import org.blendstream.rank.EnsembleRanker;
import org.blendstream.rank.EnsembleWeights;
import org.blendstream.rank.LongestRanker;
import org.blendstream.rank.RandomRanker;
import org.blendstream.rank.SignalRanker;
import org.blendstream.rank.Signals;

/**
 * The strategies {@code eval --folds} can name, each with what it refits per fold. Training-free
 * signals are memoised across folds and strategies; learned parts (the prior, the ensemble's
 * weights, the best single model) are fitted on each fold's training instructions only.
 */
public final class CvStrategies implements AutoCloseable {

  /**
   * {@code ensemble}: the shipped recipe (the terms of the shipped weights file), refitted per
   * fold.
   */
  public static final String ENSEMBLE = EnsembleRanker.NAME;

  /** The shipped recipe without the prior: what a user who has no judged history gets. */
  public static final String ENSEMBLE_NO_PRIOR = "ensemble-no-prior";

  /**
   * {@code ensemble:length,consensus-lexical,prior}: any recipe, for trying variants under the same
   * protocol.
   */
  public static final String ENSEMBLE_OF = "ensemble:";

  private final List<String> pool;
  private final Path modelCache;
  private final String aggregation;
  private final Function<List<JudgedDataset.Item>, CandidateSignal> priorFit;
  private final Map<String, MemoizedSignal> signals = new HashMap<>();
  private final Signals source;

  public CvStrategies(
      List<String> pool,
      Path modelCache,
      String aggregation,
      Function<List<JudgedDataset.Item>, CandidateSignal> priorFit) {
    this.pool = List.copyOf(pool);
    this.modelCache = modelCache;
    this.aggregation = aggregation;
    this.priorFit = priorFit;
    this.source = new Signals(modelCache, EvalRankers.DEVICE);
  }

  public FoldStrategy of(String name) {
    if (name.equals(RandomRanker.NAME)) {
      return FoldStrategy.fixed(name, "training-free; seeded by request id", RandomRanker::new);
    }
    if (name.equals(LongestRanker.NAME)) {
      return FoldStrategy.fixed(
          name, "training-free; unbounded length in code points", LongestRanker::new);
    }
    if (name.equals(EnsembleFit.PRIOR)) {
      return FoldStrategy.of(
          name,
          "per-model strength refitted on each fold's training instructions",
          history -> new SignalRanker(priorFit.apply(history), "cv"));
    }
    if (name.equals(ENSEMBLE) || name.equals(ENSEMBLE_NO_PRIOR) || name.startsWith(ENSEMBLE_OF)) {
      return ensemble(name, recipe(name));
    }
    if (Signals.trainingFree().contains(name)) {
      CandidateSignal memo = signal(name);
      return FoldStrategy.fixed(name, "training-free", () -> new SignalRanker(memo, "1"));
    }
    // A cross-encoder: its weights are fixed files, so it is not refitted per fold.
    return FoldStrategy.fixed(
        EvalRankers.label(name),
        "not retrained per fold: fixed weights"
            + (EvalRankers.BUILTIN.equals(name)
                ? " trained on the train split, so its held folds overlap its training instructions"
                : ""),
        () -> EvalRankers.open(name, aggregation, modelCache));
  }

  private List<EnsembleFit.TermSpec> recipe(String name) {
    List<EnsembleFit.TermSpec> terms = new ArrayList<>();
    if (name.startsWith(ENSEMBLE_OF)) {
      for (String s : name.substring(ENSEMBLE_OF.length()).split("\\+|,")) {
        terms.add(new EnsembleFit.TermSpec(s.trim(), !s.trim().equals(EnsembleFit.PRIOR)));
      }
    } else {
      for (EnsembleWeights.Term t : EnsembleWeights.shipped().terms()) {
        if (!(name.equals(ENSEMBLE_NO_PRIOR) && t.signal().equals(EnsembleFit.PRIOR))) {
          terms.add(new EnsembleFit.TermSpec(t.signal(), t.standardize()));
        }
      }
    }
    if (terms.isEmpty()) {
      throw new IllegalArgumentException("ensemble recipe '" + name + "' has no term");
    }
    return terms;
  }

  private FoldStrategy ensemble(String name, List<EnsembleFit.TermSpec> terms) {
    Map<String, CandidateSignal> fixed = new HashMap<>();
    for (EnsembleFit.TermSpec t : terms) {
      if (!t.signal().equals(EnsembleFit.PRIOR)) {
        fixed.put(t.signal(), signal(t.signal()));
      }
    }
    EnsembleFit fit = new EnsembleFit(pool, terms, fixed, priorFit);
    String recipe = String.join(" + ", terms.stream().map(EnsembleFit.TermSpec::signal).toList());
    String note =
        recipe
            + "; weights"
            + (fit.usesPrior() ? " and prior" : "")
            + " refitted on each fold's training"
            + " instructions"
            + (fit.usesPrior() ? " (prior cross-fitted within them for the weights)" : "");
    return FoldStrategy.of(name, note, history -> fit.ranker(fit.fit(history, "cv")));
  }

  private CandidateSignal signal(String name) {
    return signals.computeIfAbsent(name, n -> new MemoizedSignal(source.open(n)));
  }

  @Override
  public void close() {
    signals.values().forEach(MemoizedSignal::release);
    source.close();
  }
}

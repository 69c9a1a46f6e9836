package org.blendstream.eval;

import java.util.List;
import org.blendstream.rank.Ranker;

/**
 * A ranker as cross-validation sees it: given the judged history of the training folds, the ranker
 * to run on the held fold. A training-free strategy ignores the history; a learned one fits
 * everything on it.
 */
public interface FoldStrategy {

  String name();

  /** What was refit per fold, or why something was not: printed beside the figures. */
  String note();

  /** The caller closes the ranker after the fold. */
  Ranker fit(List<JudgedDataset.Item> history);

  /**
   * A strategy from its fit: {@code fit} maps the training folds' history to the held fold's
   * ranker.
   */
  static FoldStrategy of(
      String name, String note, java.util.function.Function<List<JudgedDataset.Item>, Ranker> fit) {
    return new FoldStrategy() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String note() {
        return note;
      }

      @Override
      public Ranker fit(List<JudgedDataset.Item> history) {
        return fit.apply(history);
      }
    };
  }

  /** A strategy that learns nothing: the same ranker for every fold. */
  static FoldStrategy fixed(String name, String note, java.util.function.Supplier<Ranker> ranker) {
    return of(name, note, history -> ranker.get());
  }
}

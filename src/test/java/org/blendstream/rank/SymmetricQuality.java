package org.blendstream.rank;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.eval.PoolSet;
import org.blendstream.model.PairModel;
import org.blendstream.model.factory.PairModels;

/**
 * Not a test: what {@code ranker.symmetric} costs in quality, as a difference against the full
 * matrix on the same sets. Each set's full matrix is scored once; the symmetric matrix is the same
 * upper triangle with M[j][i] = −M[i][j], which is exactly what symmetric mode scores. Prints the
 * judge's mean win of the chosen answer under both, how often they choose the same answer, and the
 * paired difference with its standard error. Run after {@code test-compile}: {@code java -cp
 * target/classes:target/test-classes:target/blendstream.jar org.blendstream.rank.SymmetricQuality
 * CACHE_DIR [SETS]}.
 */
public final class SymmetricQuality {

  private SymmetricQuality() {}

  public static void main(String[] args) {
    List<JudgedDataset.Item> items = JudgedDataset.bundledSample();
    List<String> pool = new ArrayList<>(items.get(0).byModel().keySet());
    List<PoolSet> sets = PoolSet.complete(items, pool);
    if (args.length > 1) {
      sets = sets.subList(0, Math.min(sets.size(), Integer.parseInt(args[1])));
    }
    MaxLogits maxLogits = new MaxLogits();
    double fullWins = 0;
    double symWins = 0;
    double sumSq = 0;
    int same = 0;
    try (PairModel model = PairModels.builtin(Path.of(args[0]), "cpu");
        PairwiseRanker full =
            new PairwiseRanker(new ModelPairScorer(model, Batching.bySize(16)), maxLogits, null)) {
      for (PoolSet s : sets) {
        Ranking ranking = full.rank(s.set());
        Double[][] m = ranking.matrix();
        int n = m.length;
        Double[][] sym = Ranking.emptyMatrix(n);
        for (int i = 0; i < n; i++) {
          for (int j = i + 1; j < n; j++) {
            sym[i][j] = m[i][j];
            sym[j][i] = -m[i][j];
          }
        }
        int bestFull = ranking.best();
        int bestSym = maxLogits.rankMatrix(ranking.models(), sym).best();
        double d = s.wins()[bestSym] - s.wins()[bestFull];
        fullWins += s.wins()[bestFull];
        symWins += s.wins()[bestSym];
        sumSq += d * d;
        same += bestFull == bestSym ? 1 : 0;
        System.out.printf(
            "%s full=%s symmetric=%s%n",
            s.id(), ranking.models().get(bestFull), ranking.models().get(bestSym));
      }
    }
    int k = sets.size();
    double mean = (symWins - fullWins) / k;
    double se = Math.sqrt(Math.max(0, sumSq / k - mean * mean) / Math.max(1, k - 1));
    System.out.printf(
        "%d sets of %d: judge win of the chosen answer full %.3f, symmetric %.3f, difference %+.3f"
            + " (s.e. %.3f); same choice in %d of %d%n",
        k, pool.size(), fullWins / k, symWins / k, mean, se, same, k);
  }
}

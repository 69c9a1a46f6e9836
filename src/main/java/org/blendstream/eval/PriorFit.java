package org.blendstream.eval;

import static org.blendstream.rank.StrengthFit.BRADLEY_TERRY;
import static org.blendstream.rank.StrengthFit.MAX_ITERATIONS;
import static org.blendstream.rank.StrengthFit.bradleyTerry;
import static org.blendstream.rank.StrengthFit.centre;
import static org.blendstream.rank.StrengthFit.comparisons;
import static org.blendstream.rank.StrengthFit.shrunkStrength;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.blendstream.rank.ModelPrior;
import org.blendstream.rank.StrengthFit.Comparison;
import org.blendstream.rank.StrengthFit.Options;

/**
 * Fits a {@link ModelPrior} from judged outcomes: for each instruction, every model's judge {@code
 * win}. The command line fits the shipped file with it, and cross-validation fits one per fold, so
 * both mean the same thing. Deterministic: the same outcomes give the same strengths, whatever the
 * order of the maps. The methods and their arithmetic are {@link
 * org.blendstream.rank.StrengthFit}'s, which the stream's online strengths share. Strengths are
 * centred (their mean over models is 0), so a model outside the fit gets the average prior.
 */
public final class PriorFit {

  private PriorFit() {}

  /**
   * One map per judged instruction, model → win in [0, 1]; a model missing from an instruction
   * simply was not judged there. The prior's provenance records only the number of instructions;
   * callers add the rest.
   */
  public static ModelPrior fit(
      List<Map<String, Double>> winsByModelPerInstruction, Options options) {
    List<String> models =
        new ArrayList<>(
            new TreeSet<>(
                winsByModelPerInstruction.stream().flatMap(m -> m.keySet().stream()).toList()));
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no judged outcomes to fit a prior on");
    }
    double l2 = options.l2OrDefault();
    Map<String, ModelPrior.Entry> entries =
        BRADLEY_TERRY.equals(options.method())
            ? fitBradleyTerry(winsByModelPerInstruction, models, options.margin(), l2)
            : fitShrunkMean(winsByModelPerInstruction, models, l2);
    return new ModelPrior(
        options.method(),
        l2,
        options.margin(),
        new ModelPrior.Provenance(List.of(), winsByModelPerInstruction.size(), null, null, null),
        entries);
  }

  private static Map<String, ModelPrior.Entry> fitBradleyTerry(
      List<Map<String, Double>> data, List<String> models, double margin, double l2) {
    int m = models.size();
    Map<String, Integer> index = new LinkedHashMap<>();
    models.forEach(name -> index.put(name, index.size()));
    // beat[i][j]: comparisons i won against j; the fit needs only these counts.
    double[][] beat = new double[m][m];
    for (Map<String, Double> wins : data) {
      for (Comparison c : comparisons(wins, margin)) {
        beat[index.get(c.winner())][index.get(c.loser())]++;
      }
    }
    double[] s = bradleyTerry(beat, l2, null, new double[m], MAX_ITERATIONS);
    centre(s);
    Map<String, ModelPrior.Entry> out = new LinkedHashMap<>();
    for (int i = 0; i < m; i++) {
      long comparisons = 0;
      for (int j = 0; j < m; j++) {
        comparisons += (long) (beat[i][j] + beat[j][i]);
      }
      out.put(models.get(i), new ModelPrior.Entry(s[i], comparisons));
    }
    return out;
  }

  private static Map<String, ModelPrior.Entry> fitShrunkMean(
      List<Map<String, Double>> data, List<String> models, double pseudoCount) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    models.forEach(name -> sums.put(name, new double[2]));
    double total = 0;
    long count = 0;
    for (Map<String, Double> wins : data) {
      for (Map.Entry<String, Double> e : wins.entrySet()) {
        if (e.getValue() != null && !e.getValue().isNaN()) {
          double[] acc = sums.get(e.getKey());
          acc[0] += e.getValue();
          acc[1]++;
          total += e.getValue();
          count++;
        }
      }
    }
    double overall = total / Math.max(1, count);
    double[] s = new double[models.size()];
    for (int i = 0; i < s.length; i++) {
      double[] acc = sums.get(models.get(i));
      s[i] = shrunkStrength(acc[0], acc[1], overall, pseudoCount, 0);
    }
    centre(s);
    Map<String, ModelPrior.Entry> out = new LinkedHashMap<>();
    for (int i = 0; i < s.length; i++) {
      out.put(models.get(i), new ModelPrior.Entry(s[i], (long) sums.get(models.get(i))[1]));
    }
    return out;
  }
}

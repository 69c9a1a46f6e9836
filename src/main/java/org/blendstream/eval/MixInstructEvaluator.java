package org.blendstream.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.rank.LongestRanker;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Ranking;

/**
 * Ranks every MixInstruct example that has verdicts and scores the choices against the ChatGPT
 * oracle ranking.
 */
public final class MixInstructEvaluator {

  static final int TOP = 3;

  /**
   * The examples that carry verdicts, each with its candidate set; the ranker never sees the
   * verdicts.
   */
  public record Scored(
      MixInstruct.Example example, org.blendstream.avro.CandidateSet set, int[] oracleRanks) {}

  public static List<Scored> withVerdicts(List<MixInstruct.Example> examples) {
    List<Scored> out = new ArrayList<>();
    for (MixInstruct.Example e : examples) {
      if (e.verdicts() != null) {
        out.add(
            new Scored(
                e,
                EvalSets.of(
                    e.id(),
                    e.instruction(),
                    e.input(),
                    e.output(),
                    e.models(),
                    e.candidates().stream().map(MixInstruct.Candidate::text).toList()),
                e.oracleRanks()));
      }
    }
    return out;
  }

  /** {@code skipped}: examples left out for lack of verdicts, for the report. */
  public MixInstructReport evaluate(
      List<Scored> examples,
      int skipped,
      Ranker ranker,
      String rankerName,
      String aggregation,
      java.util.function.BiConsumer<Scored, Ranking> afterEach) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException(
          "no MixInstruct example carries cmp_results, so there is no oracle ranking");
    }
    long started = System.nanoTime();
    double rankSum = 0;
    int top = 0;
    long scored = 0;
    Map<String, double[]> chosenScores = new LinkedHashMap<>();
    for (Scored s : examples) {
      Ranking r = ranker.rank(s.set());
      int best = r.best();
      rankSum += s.oracleRanks()[best];
      top += s.oracleRanks()[best] <= TOP ? 1 : 0;
      scored += r.comparedPairs();
      s.example()
          .candidates()
          .get(best)
          .scores()
          .forEach(
              (metric, v) -> {
                double[] acc = chosenScores.computeIfAbsent(metric, m -> new double[2]);
                acc[0] += v;
                acc[1]++;
              });
      afterEach.accept(s, r);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    int n = examples.size();
    Map<String, Double> meanScores = new LinkedHashMap<>();
    chosenScores.forEach((m, acc) -> meanScores.put(m, acc[0] / acc[1]));
    return new MixInstructReport(
        MixInstructReport.FORMAT,
        n,
        skipped,
        rankerName,
        aggregation,
        MixInstructReport.ORACLE,
        rankSum / n,
        100.0 * top / n,
        random(examples),
        longest(examples),
        singleModels(examples),
        meanScores,
        scored,
        seconds);
  }

  static MixInstructReport.Figures random(List<Scored> examples) {
    double rank = 0;
    double top = 0;
    for (Scored s : examples) {
      int[] ranks = s.oracleRanks();
      for (int r : ranks) {
        rank += (double) r / ranks.length;
        top += (r <= TOP ? 1.0 : 0.0) / ranks.length;
      }
    }
    return new MixInstructReport.Figures(
        rank / examples.size(), 100 * top / examples.size(), examples.size());
  }

  static MixInstructReport.Figures longest(List<Scored> examples) {
    double rank = 0;
    int top = 0;
    try (LongestRanker longest = new LongestRanker()) {
      for (Scored s : examples) {
        int r = s.oracleRanks()[longest.rank(s.set()).best()];
        rank += r;
        top += r <= TOP ? 1 : 0;
      }
    }
    return new MixInstructReport.Figures(
        rank / examples.size(), 100.0 * top / examples.size(), examples.size());
  }

  static Map<String, MixInstructReport.Figures> singleModels(List<Scored> examples) {
    Map<String, double[]> acc = new LinkedHashMap<>();
    for (Scored s : examples) {
      List<String> models = s.example().models();
      for (int i = 0; i < models.size(); i++) {
        double[] a = acc.computeIfAbsent(models.get(i), m -> new double[3]);
        a[0] += s.oracleRanks()[i];
        a[1] += s.oracleRanks()[i] <= TOP ? 1 : 0;
        a[2]++;
      }
    }
    Map<String, MixInstructReport.Figures> out = new LinkedHashMap<>();
    acc.forEach(
        (m, a) ->
            out.put(m, new MixInstructReport.Figures(a[0] / a[2], 100 * a[1] / a[2], (int) a[2])));
    return out;
  }
}

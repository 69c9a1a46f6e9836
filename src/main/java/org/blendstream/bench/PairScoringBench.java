package org.blendstream.bench;

import java.util.ArrayList;
import java.util.List;
import org.blendstream.avro.CandidateSet;
import org.blendstream.model.PairModel;
import org.blendstream.model.PairPieces;
import org.blendstream.model.PairRow;
import org.blendstream.rank.Batching;
import org.blendstream.rank.CandidatePair;
import org.blendstream.rank.ComparisonTexts;
import org.blendstream.rank.ModelPairScorer;
import org.blendstream.rank.PairScorer;

/**
 * Pair scoring alone, every ordered pair of each set, in two ways on the same sets: as the ranker
 * does it (each set tokenized once, pairs assembled from the cached pieces and sent in batches),
 * and naively (every pair tokenized from its own texts and sent alone, as a loop over {@code
 * model(pair)} would). The difference is what caching and batching buy, the model being the same.
 */
public final class PairScoringBench {

  private PairScoringBench() {}

  /** Every ordered pair of every set, each set prepared once, through {@code batching}. */
  public static RankerBenchmark.Measured batched(
      PairModel model, Batching batching, List<CandidateSet> sets, int repeats) {
    try (ModelPairScorer scorer = new ModelPairScorer(model, batching)) {
      scoreCached(scorer, sets.subList(0, 1));
      return RankerBenchmark.time(repeats, () -> scoreCached(scorer, sets));
    }
  }

  /**
   * Every ordered pair of every set, tokenized pair by pair and scored one pair per forward pass.
   */
  public static RankerBenchmark.Measured naive(
      PairModel model, List<CandidateSet> sets, int repeats) {
    try (ModelPairScorer scorer = new ModelPairScorer(model, Batching.bySize(1))) {
      scoreNaively(model, scorer, sets.subList(0, 1));
      return RankerBenchmark.time(repeats, () -> scoreNaively(model, scorer, sets));
    }
  }

  /**
   * Mean and longest pair sequence in tokens over the sets' ordered pairs, as the model reads them.
   */
  public static int[] pairLengths(PairModel model, List<CandidateSet> sets) {
    long sum = 0;
    long count = 0;
    int max = 0;
    for (CandidateSet set : sets) {
      ComparisonTexts texts = ComparisonTexts.of(set);
      PairPieces pieces =
          PairPieces.of(model.encoder(), model.layout(), texts.source(), texts.candidates());
      for (CandidatePair p : allPairs(pieces.size())) {
        int length = pieces.sequence(p.first(), p.second()).ids().length;
        sum += length;
        count++;
        max = Math.max(max, length);
      }
    }
    return new int[] {count == 0 ? 0 : (int) Math.round((double) sum / count), max};
  }

  private static long scoreCached(PairScorer scorer, List<CandidateSet> sets) {
    long pairs = 0;
    for (CandidateSet set : sets) {
      ComparisonTexts texts = ComparisonTexts.of(set);
      PairScorer.PreparedSet prepared = scorer.prepare(texts.source(), texts.candidates());
      List<CandidatePair> all = allPairs(prepared.size());
      pairs += prepared.logits(all).length;
    }
    return pairs;
  }

  private static long scoreNaively(
      PairModel model, ModelPairScorer scorer, List<CandidateSet> sets) {
    long pairs = 0;
    for (CandidateSet set : sets) {
      ComparisonTexts texts = ComparisonTexts.of(set);
      List<String> candidates = texts.candidates();
      for (CandidatePair p : allPairs(candidates.size())) {
        PairRow row =
            PairPieces.of(
                    model.encoder(),
                    model.layout(),
                    texts.source(),
                    List.of(candidates.get(p.first()), candidates.get(p.second())))
                .sequence(0, 1);
        pairs += scorer.logitsOfSequences(List.of(row)).length;
      }
    }
    return pairs;
  }

  static List<CandidatePair> allPairs(int n) {
    List<CandidatePair> pairs = new ArrayList<>(n * (n - 1));
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          pairs.add(new CandidatePair(i, j));
        }
      }
    }
    return pairs;
  }
}

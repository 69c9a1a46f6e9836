package org.blendstream.rank;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.blendstream.BlendConfig;
import org.blendstream.model.PairModel;
import org.blendstream.model.factory.PairModels;

/**
 * Builds PairRanker rankers from config: {@code ranker.model.dir}, {@code device}, {@code
 * ranker.batch.size}, {@code ranker.batch.order}, {@code ranker.aggregation}. Loading fails at once
 * with a {@link org.blendstream.model.ModelDirectoryException} naming the path when the directory
 * is missing or incomplete.
 *
 * <p>Two ways to use it: {@link #create(BlendConfig)} gives a ranker that owns its model (simple,
 * one per process or per thread); or {@link #load(BlendConfig)} once and {@link #newRanker()} per
 * stream thread, which shares the weights and gives each thread its own predictor.
 */
public final class PairRankerFactory implements AutoCloseable {

  private final PairModel model;
  private final Batching batching;
  private final Aggregation aggregation;

  private PairRankerFactory(PairModel model, Batching batching, Aggregation aggregation) {
    this.model = model;
    this.batching = batching;
    this.aggregation = aggregation;
  }

  public static PairRankerFactory load(BlendConfig config) {
    return load(
        Path.of(config.rankerModelDir()),
        config.device(),
        Batching.of(config),
        config.rankerAggregation());
  }

  // The aggregation is resolved before the model loads, so a misspelt name fails without the wait.
  public static PairRankerFactory load(
      Path modelDir, String device, Batching batching, String aggregation) {
    Aggregation agg = Aggregations.byName(aggregation);
    return new PairRankerFactory(PairModels.torchscript(modelDir, device), batching, agg);
  }

  /**
   * The built-in ranker shipped in the jar; base weights are converted once and cached in {@code
   * baseCache}.
   */
  public static PairRankerFactory builtin(
      Path baseCache, String device, Batching batching, String aggregation) {
    Aggregation agg = Aggregations.byName(aggregation);
    return new PairRankerFactory(PairModels.builtin(baseCache, device), batching, agg);
  }

  /**
   * Scores synthetic pairs at the length budget, a full batch and then a bubble step's two: a
   * process's first forward passes pay for native allocator growth and kernel set-up (bench's
   * {@code warmup} figure: several times a warm set's cost), which would otherwise land on the
   * first real set and its deadline. Returns the ms.
   */
  public double warmUp() {
    return warmUp(model, batching);
  }

  /** {@link #warmUp()} for a model opened elsewhere (bench times it). */
  public static double warmUp(PairModel model, Batching batching) {
    long start = System.nanoTime();
    int n = 2;
    while (n * (n - 1) < batching.size()) {
      n++;
    }
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      texts.add("warm-up answer " + i + " " + "with enough words to fill the budget ".repeat(80));
    }
    try (ModelPairScorer scorer = new ModelPairScorer(model, batching)) {
      PairScorer.PreparedSet set = scorer.prepare("warm-up instruction", texts);
      List<CandidatePair> pairs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (i != j) {
            pairs.add(new CandidatePair(i, j));
          }
        }
      }
      set.logits(pairs);
      set.logits(List.of(new CandidatePair(0, 1), new CandidatePair(1, 0)));
    }
    return (System.nanoTime() - start) / 1e6;
  }

  /** A ranker owning its own copy of the model; closing the ranker frees it. */
  public static Ranker create(BlendConfig config) {
    PairRankerFactory factory = load(config);
    factory.warmUp();
    return new PairwiseRanker(
        new ModelPairScorer(factory.model, factory.batching), factory.aggregation, factory);
  }

  /**
   * A ranker for one stream thread, sharing this factory's model; close the factory after its
   * rankers.
   */
  public Ranker newRanker() {
    return new PairwiseRanker(new ModelPairScorer(model, batching), aggregation, null);
  }

  public PairModel model() {
    return model;
  }

  @Override
  public void close() {
    model.close();
  }
}

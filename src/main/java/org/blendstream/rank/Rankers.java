package org.blendstream.rank;

import org.blendstream.BlendConfig;
import org.blendstream.SharedSupplier;
import org.blendstream.model.PairModels;
import org.blendstream.model.SentenceEncoder;
import org.blendstream.model.SentenceEncoders;

/** Chooses the ranking strategy by configuration, so business code never branches on it. */
public final class Rankers {

  public static final String AUTO = "auto";
  public static final String PAIRRANKER = "pairranker";
  public static final String BUILTIN = PairModels.BUILTIN;

  private Rankers() {}

  /**
   * One ranker per call, for one stream task each. Model files are validated here, before the
   * pipeline starts, so that a bad path stops startup with a message naming it.
   */
  public static SharedSupplier<Ranker> supplier(BlendConfig config) {
    String name = resolve(config);
    return switch (name) {
      case RandomRanker.NAME -> SharedSupplier.unshared(RandomRanker::new);
      case LongestRanker.NAME -> SharedSupplier.unshared(LongestRanker::new);
      case LexicalConsensus.NAME -> SharedSupplier.unshared(() -> new SignalRanker(new LexicalConsensus(), "1"));
      case BoundedLength.NAME -> SharedSupplier.unshared(() -> new SignalRanker(new BoundedLength(), "1"));
      case PriorSignal.NAME -> priorRankers(config);
      case EmbeddingConsensus.NAME -> embeddingRankers(config);
      case PAIRRANKER -> pairRankers(config);
      case BUILTIN -> builtinRankers(config);
      default -> throw new IllegalArgumentException("unknown ranker '" + name + "'; choose one of "
          + String.join(", ", names()));
    };
  }

  public static java.util.List<String> names() {
    return java.util.List.of(AUTO, PAIRRANKER, BUILTIN, RandomRanker.NAME, LongestRanker.NAME, LexicalConsensus.NAME,
        BoundedLength.NAME, PriorSignal.NAME, EmbeddingConsensus.NAME);
  }

  // Read at startup, so a bad file stops it; the prior is immutable, so every task shares it.
  private static SharedSupplier<Ranker> priorRankers(BlendConfig config) {
    ModelPrior prior = ModelPrior.load(config.rankerPriorFile());
    return SharedSupplier.unshared(() -> new SignalRanker(prior, prior.version()));
  }

  // One encoder for every task, as the pair models share their weights; it is freed when the app closes.
  private static SharedSupplier<Ranker> embeddingRankers(BlendConfig config) {
    SentenceEncoder encoder = SentenceEncoders.minilm(config.modelCacheDir(), config.device());
    return SharedSupplier.of(() -> new SignalRanker(new EmbeddingConsensus(encoder), encoder.version()), encoder);
  }

  // The weights load once, here at startup; each stream task gets its own predictor over them.
  private static SharedSupplier<Ranker> pairRankers(BlendConfig config) {
    PairRankerFactory factory = PairRankerFactory.load(config);
    return SharedSupplier.of(factory::newRanker, factory);
  }

  // The shipped weights load once; the base encoder is converted from its Maven artifact on first use and cached
  // per user (model.cache.dir).
  private static SharedSupplier<Ranker> builtinRankers(BlendConfig config) {
    PairRankerFactory factory = PairRankerFactory.builtin(config.modelCacheDir(), config.device(),
        Batching.of(config), config.rankerAggregation());
    return SharedSupplier.of(factory::newRanker, factory);
  }

  /**
   * {@code auto} means: the PairRanker when a model directory is configured, else the built-in ranker, whose
   * weights ship inside the jar; so a fresh clone ranks with a trained model, not with length or chance.
   */
  public static String resolve(BlendConfig config) {
    String name = config.ranker();
    if (!AUTO.equals(name)) {
      return name;
    }
    return config.rankerModelDir().isBlank() ? BUILTIN : PAIRRANKER;
  }
}

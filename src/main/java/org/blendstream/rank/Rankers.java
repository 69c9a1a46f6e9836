package org.blendstream.rank;

import org.blendstream.BlendConfig;
import org.blendstream.SharedSupplier;
import org.blendstream.model.ModelDirectory;
import org.blendstream.model.ModelDirectoryException;
import org.blendstream.model.ModelManifest;
import org.blendstream.model.factory.PairModels;

/** Chooses the ranking strategy by configuration, so business code never branches on it. */
public final class Rankers {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Rankers.class);

  public static final String AUTO = "auto";
  public static final String PAIRRANKER = "pairranker";
  public static final String BUILTIN = PairModels.BUILTIN;
  public static final String REWARD = RewardRanker.NAME;

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
      case PriorSignal.NAME -> priorRankers(config);
      case EnsembleRanker.NAME -> ensembleRankers(config);
      case LexicalConsensus.NAME, BoundedLength.NAME, EmbeddingConsensus.NAME ->
          signalRankers(config, name);
      case LlmJudgeRanker.NAME -> judgeRankers(config);
      case PAIRRANKER -> pairRankers(config);
      case BUILTIN -> builtinRankers(config);
      case REWARD -> rewardRankers(config);
      default ->
          throw new IllegalArgumentException(
              "unknown ranker '" + name + "'; choose one of " + String.join(", ", names()));
    };
  }

  public static java.util.List<String> names() {
    return java.util.List.of(
        AUTO,
        EnsembleRanker.NAME,
        PAIRRANKER,
        REWARD,
        BUILTIN,
        RandomRanker.NAME,
        LongestRanker.NAME,
        LexicalConsensus.NAME,
        EmbeddingConsensus.NAME,
        BoundedLength.NAME,
        PriorSignal.NAME,
        LlmJudgeRanker.NAME);
  }

  /**
   * Whether the strategy fills a comparison matrix (and so has an aggregation), or scores
   * candidates one by one.
   */
  public static boolean comparesPairs(String resolvedName) {
    return PAIRRANKER.equals(resolvedName) || BUILTIN.equals(resolvedName);
  }

  // Read at startup, so a bad file stops it; the prior is immutable, so every task shares it. A
  // learned prior is one
  // per task, since it remembers which priors record its last set read.
  private static SharedSupplier<Ranker> priorRankers(BlendConfig config) {
    if (config.feedbackEnabled()) {
      ModelPrior warmStart = warmStart(config);
      return SharedSupplier.unshared(
          () -> new SignalRanker(new LivePrior(warmStart), "learned/" + config.priorMethod()));
    }
    ModelPrior prior = ModelPrior.load(config.rankerPriorFile());
    return SharedSupplier.unshared(() -> new SignalRanker(prior, prior.version()));
  }

  /**
   * With feedback.enabled and prior.warm.start, the prior file the learned prior starts from; else
   * none (neutral).
   */
  public static ModelPrior warmStart(BlendConfig config) {
    return config.priorWarmStart() ? ModelPrior.load(config.rankerPriorFile()) : null;
  }

  // Both files are read at startup, so a bad one stops it. Each task gets its own signal objects
  // over one shared
  // encoder (when a term needs one), freed when the app closes; the prior is immutable and shared.
  private static SharedSupplier<Ranker> ensembleRankers(BlendConfig config) {
    EnsembleWeights weights =
        config.rankerEnsembleFile().isBlank()
            ? EnsembleWeights.shipped()
            : EnsembleWeights.read(java.nio.file.Path.of(config.rankerEnsembleFile()));
    boolean learned = config.feedbackEnabled();
    ModelPrior prior =
        !weights.signals().contains(PriorSignal.NAME)
            ? null
            : learned ? warmStart(config) : ModelPrior.load(config.rankerPriorFile());
    Signals source = new Signals(config.modelCacheDir(), config.device());
    return SharedSupplier.of(
        () -> {
          java.util.Map<String, CandidateSignal> signals = new java.util.HashMap<>();
          for (String name : weights.signals()) {
            signals.put(
                name,
                !name.equals(PriorSignal.NAME)
                    ? source.open(name)
                    : learned ? new LivePrior(prior) : prior);
          }
          return new EnsembleRanker(weights, signals);
        },
        source);
  }

  // One endpoint for every task; each task gets its own ensemble, which seeds knockout and stands
  // in on failure.
  private static SharedSupplier<Ranker> judgeRankers(BlendConfig config) {
    PairJudge judge = PairJudge.fromConfig(config);
    SharedSupplier<Ranker> ensembles = ensembleRankers(config);
    return SharedSupplier.of(
        () ->
            new LlmJudgeRanker(
                judge,
                (EnsembleRanker) ensembles.get(),
                config.llm().strategy(),
                config.llm().knockoutK()),
        () -> {
          ensembles.close();
          judge.close();
        });
  }

  private static SharedSupplier<Ranker> signalRankers(BlendConfig config, String name) {
    Signals source = new Signals(config.modelCacheDir(), config.device());
    String version = source.version(name);
    return SharedSupplier.of(() -> new SignalRanker(source.open(name), version), source);
  }

  // The weights load once, here at startup; each stream task gets its own predictor over them.
  private static SharedSupplier<Ranker> pairRankers(BlendConfig config) {
    PairRankerFactory factory = PairRankerFactory.load(config);
    warmUp(factory);
    return SharedSupplier.of(factory::newRanker, factory);
  }

  // The weights load once, here at startup, and are warmed up; each stream task gets its own
  // predictor over them.
  private static SharedSupplier<Ranker> rewardRankers(BlendConfig config) {
    RewardRankerFactory factory = RewardRankerFactory.load(config);
    try {
      double ms = factory.warmUp();
      LOG.debug("reward model warmed up in {} ms", Math.round(ms));
    } catch (RuntimeException e) {
      factory.close();
      throw e;
    }
    return SharedSupplier.of(factory::newRanker, factory);
  }

  // The shipped weights load once; the base encoder is converted from its Maven artifact on first
  // use and cached
  // per user (model.cache.dir).
  private static SharedSupplier<Ranker> builtinRankers(BlendConfig config) {
    PairRankerFactory factory =
        PairRankerFactory.builtin(
            config.modelCacheDir(),
            config.device(),
            Batching.of(config),
            config.rankerAggregation());
    warmUp(factory);
    return SharedSupplier.of(factory::newRanker, factory);
  }

  // At startup, before the pipeline reads anything: the first set then costs what every other one
  // does.
  private static void warmUp(PairRankerFactory factory) {
    try {
      double ms = factory.warmUp();
      LOG.debug("pair model warmed up in {} ms", Math.round(ms));
    } catch (RuntimeException e) {
      factory.close();
      throw e;
    }
  }

  /**
   * {@code auto} means: the model directory's own kind when one is configured ({@code reward} for a
   * reward model, else the PairRanker), otherwise the ensemble, whose weights and prior ship inside
   * the jar. The ensemble is the default because it is what held up in cross-validation over
   * instructions (README, "Ranking quality"); the built-in cross-encoder alone did not.
   */
  public static String resolve(BlendConfig config) {
    String name = config.ranker();
    if (!AUTO.equals(name)) {
      return name;
    }
    return config.rankerModelDir().isBlank()
        ? EnsembleRanker.NAME
        : forModelDir(config.rankerModelDir());
  }

  /**
   * The ranker that reads a model directory, by its manifest's kind. A folder whose manifest cannot
   * be read is left to the PairRanker, whose loading then stops startup with the path and what is
   * wrong with it.
   */
  public static String forModelDir(String dir) {
    try {
      return ModelManifest.KIND_REWARD.equals(ModelDirectory.kindOf(java.nio.file.Path.of(dir)))
          ? REWARD
          : PAIRRANKER;
    } catch (ModelDirectoryException | java.nio.file.InvalidPathException e) {
      return PAIRRANKER;
    }
  }
}

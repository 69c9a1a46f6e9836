package org.blendstream.eval;

import java.nio.file.Path;
import org.blendstream.model.SentenceEncoder;
import org.blendstream.model.SentenceEncoders;
import org.blendstream.rank.LongestRanker;
import org.blendstream.rank.Batching;
import org.blendstream.rank.BoundedLength;
import org.blendstream.rank.EmbeddingConsensus;
import org.blendstream.rank.LexicalConsensus;
import org.blendstream.rank.ModelPrior;
import org.blendstream.rank.PriorSignal;
import org.blendstream.rank.PairRankerFactory;
import org.blendstream.rank.RandomRanker;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.SignalRanker;

/** The rankers {@code eval} can name: the two baselines, the built-in ranker, or a PairRanker model directory. */
public final class EvalRankers {

  public static final String BUILTIN = "builtin";
  /** Evaluation runs on the CPU unless DJL sees a GPU; the batch only trades memory for speed. */
  static final String DEVICE = "auto";
  static final Batching BATCHING = Batching.bySize(16);

  /** The training-free signal rankers: no matrix, no aggregation. */
  static final java.util.Set<String> SIGNALS = java.util.Set.of(LexicalConsensus.NAME, BoundedLength.NAME,
      PriorSignal.NAME, EmbeddingConsensus.NAME);

  private EvalRankers() {}

  /** {@code modelCache} is where the built-in ranker's converted base weights are cached ({@code model.cache.dir}). */
  public static Ranker open(String name, String aggregation, Path modelCache) {
    return switch (name) {
      case RandomRanker.NAME -> new RandomRanker();
      case LongestRanker.NAME -> new LongestRanker();
      case LexicalConsensus.NAME -> new SignalRanker(new LexicalConsensus(), "1");
      case BoundedLength.NAME -> new SignalRanker(new BoundedLength(), "1");
      case EmbeddingConsensus.NAME -> {
        SentenceEncoder encoder = SentenceEncoders.minilm(modelCache, DEVICE);
        yield new OwningRanker(new SignalRanker(new EmbeddingConsensus(encoder), encoder.version()), encoder);
      }
      case PriorSignal.NAME -> {
        ModelPrior prior = ModelPrior.shipped();
        yield new SignalRanker(prior, prior.version());
      }
      case BUILTIN -> {
        PairRankerFactory factory = PairRankerFactory.builtin(modelCache, DEVICE, BATCHING,
            aggregation);
        yield new OwningRanker(factory.newRanker(), factory);
      }
      default -> {
        PairRankerFactory factory = PairRankerFactory.load(Path.of(name), DEVICE, BATCHING, aggregation);
        yield new OwningRanker(factory.newRanker(), factory);
      }
    };
  }

  public static boolean isPairwise(String name) {
    return !RandomRanker.NAME.equals(name) && !LongestRanker.NAME.equals(name) && !SIGNALS.contains(name);
  }

  /** The name written into the report: a model directory is named by its folder, not its full path. */
  public static String label(String name) {
    if (!isPairwise(name) || BUILTIN.equals(name)) {
      return name;
    }
    Path p = Path.of(name).getFileName();
    return p == null ? name : p.toString();
  }
}

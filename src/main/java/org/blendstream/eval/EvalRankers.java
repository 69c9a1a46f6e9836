package org.blendstream.eval;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.SharedSupplier;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Rankers;
import org.blendstream.rank.VerdictCache;

/**
 * The rankers {@code eval} can name: every strategy the stream can run, by its name, or a model
 * directory (a PairRanker or a reward model, by its manifest). They are built by the stream's own
 * factory from a config, so an evaluation scores exactly what a deployment with that config would
 * run, shipped files included.
 */
public final class EvalRankers {

  public static final String BUILTIN = Rankers.BUILTIN;

  /** Evaluation runs on the CPU unless DJL sees a GPU; the batch only trades memory for speed. */
  static final String DEVICE = "auto";

  static final int BATCH = 16;

  private EvalRankers() {}

  /**
   * {@code modelCache} is where the built-in models' converted base weights are cached ({@code
   * model.cache.dir}).
   */
  public static Ranker open(String name, String aggregation, Path modelCache) {
    return open(name, aggregation, modelCache, Map.of(), null);
  }

  /**
   * With the LLM judge's settings ({@code judge.*} keys, the API key among them) and, when {@code
   * verdicts} is given, a verdict cache file that a rerun reads back instead of calling the judge
   * again.
   */
  public static Ranker open(
      String name, String aggregation, Path modelCache, Map<String, String> judge, Path verdicts) {
    boolean named = Rankers.names().contains(name);
    Map<String, Object> props = new HashMap<>();
    // A folder is ranked by what its manifest says it is: a PairRanker or a reward model.
    props.put(BlendConfig.RANKER, named ? name : Rankers.AUTO);
    props.put(BlendConfig.RANKER_MODEL_DIR, named ? "" : name);
    props.put(BlendConfig.RANKER_AGGREGATION, aggregation);
    props.put(BlendConfig.RANKER_BATCH_SIZE, BATCH);
    props.put(BlendConfig.DEVICE, DEVICE);
    props.put(BlendConfig.MODEL_CACHE_DIR, modelCache.toString());
    judge.forEach(
        (k, v) -> {
          if (!k.startsWith("judge.")) {
            throw new IllegalArgumentException("eval takes judge.* settings only, not " + k);
          }
          props.put(k, v);
        });
    // Only the keys above: the evaluation must not depend on the caller's environment.
    SharedSupplier<Ranker> rankers = Rankers.supplier(BlendConfig.load(null, Map.of(), props));
    Ranker ranker = rankers.get();
    if (verdicts != null) {
      ranker.attach(VerdictCache.file(verdicts), BlendMetrics.none());
    }
    return new OwningRanker(ranker, rankers);
  }

  public static boolean isPairwise(String name) {
    return Rankers.comparesPairs(Rankers.names().contains(name) ? name : Rankers.forModelDir(name));
  }

  /**
   * The name written into the report: a model directory is named by its folder, not its full path.
   */
  public static String label(String name) {
    if (Rankers.names().contains(name)) {
      return name;
    }
    Path p = Path.of(name).getFileName();
    return p == null ? name : p.toString();
  }
}

package org.blendstream.cli;

import java.nio.file.Path;
import java.util.Map;
import org.blendstream.BlendConfig;
import picocli.CommandLine.Option;

/**
 * {@code --model-cache-dir} for the offline commands (eval, bench, train-ranker), which take no
 * config file: the flag, else {@code BLENDSTREAM_MODEL_CACHE_DIR}, else the per-user default, as
 * {@code model.cache.dir} resolves for run.
 */
final class ModelCacheOption {

  @Option(
      names = "--model-cache-dir",
      paramLabel = "DIR",
      description =
          "Where the built-in ranker's converted base model is cached (default: model.cache.dir,"
              + " ~/.cache/blendstream).")
  Path dir;

  Path resolve() {
    return dir != null ? dir : BlendConfig.load(null, System.getenv(), Map.of()).modelCacheDir();
  }
}

package org.blendstream.model.factory;

import java.nio.file.Path;
import org.blendstream.model.DjlRuntime;
import org.blendstream.model.ModelDirectoryException;
import org.blendstream.model.PairModel;
import org.blendstream.model.PairRankerModel;
import org.blendstream.model.builtin.BuiltinPairModel;

/**
 * The pair models a ranker can score with, opened by what configuration says (a folder or the
 * built-in one, and a device name), so that the ranking stage never depends on how either is built.
 */
public final class PairModels {

  /**
   * The ranker name outputs carry for the built-in model, and the {@code ranker} config value that
   * selects it.
   */
  public static final String BUILTIN = BuiltinPairModel.RANKER_NAME;

  private PairModels() {}

  /**
   * The built-in ranker shipped in the jar; base weights are converted once and cached in {@code
   * cacheDir}.
   */
  public static PairModel builtin(Path cacheDir, String device) {
    return BuiltinPairModel.shipped(cacheDir, DjlRuntime.device(device));
  }

  /**
   * A PairRanker model directory (TorchScript); a missing or invalid one is a {@link
   * ModelDirectoryException}.
   */
  public static PairModel torchscript(Path dir, String device) {
    return PairRankerModel.load(dir, DjlRuntime.device(device));
  }
}

package org.blendstream.fuse;

import org.blendstream.BlendConfig;
import org.blendstream.SharedSupplier;

/**
 * The fusion step the config asks for, loaded once at startup so that a bad model path stops it
 * there.
 */
public final class FusionSteps {

  private FusionSteps() {}

  /**
   * One step shared by every stream task, so that the (possibly multi-GB) weights load once; the
   * processors serialize their calls to it, as a fuser is not thread-safe.
   */
  public static SharedSupplier<FusionStep> shared(BlendConfig config) {
    FusionStep step = FusionStep.fromConfig(config);
    return SharedSupplier.of(() -> step, step);
  }
}

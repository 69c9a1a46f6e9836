package org.blendstream.runtime;

import java.util.function.Supplier;
import org.blendstream.BlendConfig;
import org.blendstream.fuse.BlendStep;

/** Chooses the blend step by configuration: selection only, or fusion with its fallback chain. */
final class BlendSteps {

  private BlendSteps() {}

  static Supplier<BlendStep> supplier(BlendConfig config) {
    if (config.fuserEnabled()) {
      throw new IllegalArgumentException("fuser.enabled=true but this build has no GenFuser yet");
    }
    return BlendStep::selectBest;
  }
}

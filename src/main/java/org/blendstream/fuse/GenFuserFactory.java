package org.blendstream.fuse;

import java.nio.file.Path;
import org.blendstream.BlendConfig;
import org.blendstream.model.DjlRuntime;

/** Builds the GenFuser a configuration asks for. */
public final class GenFuserFactory {

  private GenFuserFactory() {}

  /**
   * Opens {@code fuser.model.dir} on the configured {@code device}. A blank setting or a missing or
   * incomplete directory fails here, at startup, with the path in the message.
   */
  public static GenFuser create(BlendConfig config) {
    String dir = config.fuserModelDir();
    if (dir == null || dir.isBlank()) {
      throw new IllegalArgumentException(
          BlendConfig.FUSER_ENABLED + "=true needs " + BlendConfig.FUSER_MODEL_DIR);
    }
    return GenFuser.open(Path.of(dir), DjlRuntime.device(config.device()));
  }
}

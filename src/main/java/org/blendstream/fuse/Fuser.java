package org.blendstream.fuse;

import java.util.List;
import org.blendstream.avro.FuserInfo;

/**
 * Writes one new answer per prompt from its candidates. Prompts of one call are generated together
 * as a batch. Not thread-safe: callers serialize their calls to one instance.
 */
public interface Fuser extends AutoCloseable {

  /**
   * The fused texts, in prompt order.
   *
   * @throws FusionTimeoutException when the deadline passes before generation ends
   */
  List<String> fuse(List<FusionPrompt> prompts, FusionDeadline deadline);

  /** Name and version, as written in the blended output. */
  FuserInfo info();

  /**
   * True when calls may overlap (a remote aggregator); a local model's decoder state may not be
   * shared.
   */
  default boolean threadSafe() {
    return false;
  }

  /** The app's meters, for a fuser that counts its own work. */
  default void attach(org.blendstream.BlendMetrics metrics) {}

  @Override
  default void close() {}
}

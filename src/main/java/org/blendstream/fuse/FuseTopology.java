package org.blendstream.fuse;

import java.util.function.Supplier;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.blendstream.BlendMetrics;
import org.blendstream.rank.RankedSet;

/** The fuse stage: ranked sets in, final answers out (fused, selected, or passed through). */
public final class FuseTopology {

  private FuseTopology() {}

  public static KStream<String, Blend> addTo(
      KStream<String, RankedSet> ranked, Supplier<FusionStep> steps, BlendMetrics metrics) {
    return ranked.processValues(() -> new FusionProcessor(steps, metrics), Named.as("fuser"));
  }
}

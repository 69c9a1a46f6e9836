package org.blendstream.fuse;

import java.util.function.Supplier;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.blendstream.emit.Blend;
import org.blendstream.rank.RankedSet;

/** The fuse stage: ranked sets in, final answers out (selected, fused, or passed through). */
public final class FuseTopology {

  private FuseTopology() {}

  public static KStream<String, Blend> addTo(KStream<String, RankedSet> ranked, Supplier<BlendStep> steps) {
    return ranked.processValues(() -> new BlendStepProcessor(steps), Named.as("blender"));
  }
}

package org.blendstream;

import java.util.function.Supplier;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.blendstream.assemble.AssemblyTopology;
import org.blendstream.emit.EmitTopology;
import org.blendstream.fuse.FusionStep;
import org.blendstream.fuse.FuseTopology;
import org.blendstream.ingest.AvroSerdeFactory;
import org.blendstream.rank.RankTopology;
import org.blendstream.rank.Ranker;

/**
 * The whole pipeline as a pure function of its configuration: ingest → assemble → rank → fuse → emit.
 * Tests build the same topology under TopologyTestDriver; {@code run} wires it to KafkaStreams.
 */
public final class BlendTopology {

  private BlendTopology() {}

  public static Topology build(BlendConfig config, Supplier<Ranker> rankers, Supplier<FusionStep> fusionSteps) {
    AvroSerdeFactory serdes = AvroSerdeFactory.from(config);
    StreamsBuilder builder = new StreamsBuilder();
    AssemblyTopology.addTo(builder, config, serdes);
    EmitTopology.addTo(FuseTopology.addTo(RankTopology.addTo(builder, config, serdes, rankers), fusionSteps), config, serdes);
    return builder.build();
  }
}

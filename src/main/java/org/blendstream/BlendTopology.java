package org.blendstream;

import java.util.Collection;
import java.util.function.Supplier;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.blendstream.assemble.AssemblyTopology;
import org.blendstream.emit.EmitTopology;
import org.blendstream.fuse.FuseTopology;
import org.blendstream.fuse.FusionStep;
import org.blendstream.ingest.AvroSerdeFactory;
import org.blendstream.rank.RankTopology;
import org.blendstream.rank.Ranker;

/**
 * The pipeline as pure functions of its configuration, in two topologies that talk through the
 * candidate-sets topic: assembly (ingest → assemble) and blending (rank → fuse → emit). They run as two
 * Kafka Streams apps, so that a model that takes seconds per set never delays the assembler's
 * wall-clock deadlines, which would otherwise wait behind it on the same stream thread.
 */
public final class BlendTopology {

  /** Application-id suffixes of the two apps; each keeps its own group, state and transactions. */
  public static final String ASSEMBLY_APP = "assemble";
  public static final String BLENDING_APP = "blend";

  private BlendTopology() {}

  /** Assembly over the given candidate topics; the app rebuilds it when a new model's topic appears. */
  public static Topology assembly(BlendConfig config, Collection<String> candidateTopics) {
    StreamsBuilder builder = new StreamsBuilder();
    AssemblyTopology.addTo(builder, config, AvroSerdeFactory.from(config), candidateTopics);
    return builder.build();
  }

  public static Topology blending(BlendConfig config, Supplier<Ranker> rankers, Supplier<FusionStep> fusionSteps) {
    AvroSerdeFactory serdes = AvroSerdeFactory.from(config);
    StreamsBuilder builder = new StreamsBuilder();
    EmitTopology.addTo(FuseTopology.addTo(RankTopology.addTo(builder, config, serdes, rankers), fusionSteps), config, serdes);
    return builder.build();
  }
}

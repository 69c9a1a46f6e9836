package org.blendstream;

import java.util.Collection;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.Stores;
import org.blendstream.assemble.AssemblyTopology;
import org.blendstream.assemble.InputFrontier;
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

  /**
   * Assembly over the given candidate topics; the app rebuilds it when a new model's topic appears. {@code frontier}
   * says how far the app has read its input, so that deadlines wait for a backlog but not for an idle topic.
   */
  public static Topology assembly(BlendConfig config, Collection<String> candidateTopics, InputFrontier frontier) {
    StreamsBuilder builder = new StreamsBuilder();
    AssemblyTopology.addTo(builder, config, AvroSerdeFactory.from(config), candidateTopics, frontier);
    return builder.build();
  }

  /** The empty store that keeps the blending app's process id; see {@link #blending}. */
  static final String PROCESS_ID_STORE = "process-id";

  /**
   * Rank, fuse, emit. It holds no state, but Kafka Streams keeps an app's process id (and with it, under exactly-once,
   * its transactional id) across restarts only when the app has a persistent store. Without one, an app restarted
   * after {@code kill -9} cannot fence the transaction its predecessor left open, and waits up to the producer's
   * transaction.timeout.ms (300 s here) for the broker to abort it before it may read its input. Hence one empty,
   * unlogged store on the path, which nothing reads.
   */
  public static Topology blending(BlendConfig config, Supplier<Ranker> rankers, Supplier<FusionStep> fusionSteps) {
    AvroSerdeFactory serdes = AvroSerdeFactory.from(config);
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROCESS_ID_STORE),
        Serdes.String(), Serdes.String()).withLoggingDisabled());
    var ranked = RankTopology.addTo(builder, config, serdes, rankers)
        .processValues(() -> new ContextualFixedKeyProcessor<String, org.blendstream.rank.RankedSet,
            org.blendstream.rank.RankedSet>() {
          @Override
          public void process(FixedKeyRecord<String, org.blendstream.rank.RankedSet> record) {
            context().forward(record);
          }
        }, Named.as("keep-process-id"), PROCESS_ID_STORE);
    EmitTopology.addTo(FuseTopology.addTo(ranked, fusionSteps), config, serdes);
    return builder.build();
  }
}

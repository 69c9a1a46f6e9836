package org.blendstream.app;

import java.util.Collection;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.Stores;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.Topics;
import org.blendstream.assemble.AssemblyTopology;
import org.blendstream.assemble.InputFrontier;
import org.blendstream.avro.CandidateSet;
import org.blendstream.emit.EmitTopology;
import org.blendstream.fuse.Blend;
import org.blendstream.fuse.FuseTopology;
import org.blendstream.fuse.FusionStep;
import org.blendstream.ingest.AvroSerdeFactory;
import org.blendstream.rank.AnsweredSets;
import org.blendstream.rank.RankTopology;
import org.blendstream.rank.Ranker;

/**
 * The pipeline as pure functions of its configuration, in two topologies that talk through the
 * candidate-sets topic: assembly (ingest → assemble) and blending (rank → fuse → emit). They run as
 * two Kafka Streams apps, so that a model that takes seconds per set never delays the assembler's
 * wall-clock deadlines, which would otherwise wait behind it on the same stream thread.
 */
public final class BlendTopology {

  /** Application-id suffixes of the two apps; each keeps its own group, state and transactions. */
  public static final String ASSEMBLY_APP = "assemble";

  public static final String BLENDING_APP = "blend";

  private BlendTopology() {}

  /**
   * Assembly over the given candidate topics; the app rebuilds it when a new model's topic appears.
   * {@code frontier} says how far the app has read its input, so that deadlines wait for a backlog
   * but not for an idle topic.
   */
  public static Topology assembly(
      BlendConfig config,
      Collection<String> candidateTopics,
      InputFrontier frontier,
      BlendMetrics metrics) {
    StreamsBuilder builder = new StreamsBuilder();
    AssemblyTopology.addTo(
        builder, config, AvroSerdeFactory.from(config), candidateTopics, frontier, metrics);
    return builder.build();
  }

  /** The empty store that keeps a replay app's process id; see {@link #replay}. */
  static final String PROCESS_ID_STORE = "process-id";

  /**
   * Rank, fuse, emit, each request's set once ({@link AnsweredSets}). The store of answered sets
   * also keeps the app's process id, and with it, under exactly-once, its transactional id, across
   * restarts: Kafka Streams keeps them only for an app with a persistent store, and without one an
   * app restarted after {@code kill -9} cannot fence the transaction its predecessor left open, and
   * waits up to the producer's transaction.timeout.ms for the broker to abort it.
   */
  public static Topology blending(
      BlendConfig config,
      Supplier<Ranker> rankers,
      Supplier<FusionStep> fusionSteps,
      BlendMetrics metrics) {
    AvroSerdeFactory serdes = AvroSerdeFactory.from(config);
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, CandidateSet> sets =
        AnsweredSets.firstOnly(
            builder, RankTopology.sets(builder, config, serdes), config.lateRetentionMs(), metrics);
    blend(
        builder,
        config,
        serdes,
        sets,
        rankers,
        fusionSteps,
        EmitTopology.Outputs.live(config.topics()),
        null,
        metrics);
    return builder.build();
  }

  /**
   * The blending topology over a bounded part of the candidate sets, writing to a replay's own
   * topics. The range's start is where the replay app's group offsets were set before it started;
   * {@code inRange} drops what lies past its end (records the live pipeline went on writing), and
   * {@code blended} hears of every set that went through ranking and fusion, by partition and
   * offset, so the job knows when it is done. A replay's sets are no live traffic, so they leave
   * the pipeline's meters alone. It lets a set through as often as the range holds it, so that
   * {@code blended} hears of each; an empty, unlogged store keeps its process id instead.
   */
  public static Topology replay(
      BlendConfig config,
      Topics.Replay outputs,
      OffsetPredicate inRange,
      OffsetPredicate blended,
      Supplier<Ranker> rankers,
      Supplier<FusionStep> fusionSteps) {
    AvroSerdeFactory serdes = AvroSerdeFactory.from(config);
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PROCESS_ID_STORE), Serdes.String(), Serdes.String())
            .withLoggingDisabled());
    KStream<String, CandidateSet> sets =
        RankTopology.sets(builder, config, serdes)
            .processValues(
                () -> new OffsetFilter<>(inRange), Named.as("replay-range"), PROCESS_ID_STORE);
    blend(
        builder,
        config,
        serdes,
        sets,
        rankers,
        fusionSteps,
        EmitTopology.Outputs.replay(outputs),
        blended,
        BlendMetrics.none());
    return builder.build();
  }

  /** Says something of the record at a partition and offset of the candidate-sets topic. */
  @FunctionalInterface
  public interface OffsetPredicate {
    boolean test(int partition, long offset);
  }

  private static void blend(
      StreamsBuilder builder,
      BlendConfig config,
      AvroSerdeFactory serdes,
      KStream<String, CandidateSet> sets,
      Supplier<Ranker> rankers,
      Supplier<FusionStep> fusionSteps,
      EmitTopology.Outputs outputs,
      OffsetPredicate blended,
      BlendMetrics metrics) {
    // The live app and a replay share this path, so a replay answers exactly as the deployment
    // would have.
    var ranked = RankTopology.rank(builder, config, serdes, sets, rankers, metrics);
    KStream<String, Blend> blends = FuseTopology.addTo(ranked, fusionSteps, metrics);
    if (blended != null) {
      blends = blends.processValues(() -> new OffsetFilter<>(blended), Named.as("replay-progress"));
    }
    EmitTopology.addTo(blends, config, serdes, outputs, metrics);
  }

  /** Forwards the records whose source partition and offset pass the predicate. */
  private static final class OffsetFilter<V> extends ContextualFixedKeyProcessor<String, V, V> {
    private final OffsetPredicate predicate;

    OffsetFilter(OffsetPredicate predicate) {
      this.predicate = predicate;
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
      var source = context().recordMetadata().orElseThrow();
      if (predicate.test(source.partition(), source.offset())) {
        context().forward(record);
      }
    }
  }
}

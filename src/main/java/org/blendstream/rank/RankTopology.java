package org.blendstream.rank;

import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.avro.CandidateSet;
import org.blendstream.ingest.AvroSerdeFactory;

/** The rank stage: candidate sets from their topic, ranked in memory for the fuse stage. */
public final class RankTopology {

  private RankTopology() {}

  public static KStream<String, RankedSet> addTo(StreamsBuilder builder, BlendConfig config, AvroSerdeFactory serdes,
                                                 Supplier<Ranker> rankers, BlendMetrics metrics) {
    return rank(sets(builder, config, serdes), rankers, metrics);
  }

  /** The candidate sets as the stage reads them; a replay narrows this stream to its range before ranking. */
  public static KStream<String, CandidateSet> sets(StreamsBuilder builder, BlendConfig config, AvroSerdeFactory serdes) {
    // Reading the sets back from their topic decouples ranking from assembly: either can be replayed alone.
    return builder.stream(config.topics().candidateSets(),
        Consumed.with(Serdes.String(), serdes.serde(CandidateSet.class, config)).withName("candidate-sets"));
  }

  public static KStream<String, RankedSet> rank(KStream<String, CandidateSet> sets, Supplier<Ranker> rankers,
                                                BlendMetrics metrics) {
    return sets.processValues(() -> new RankProcessor(rankers, metrics), Named.as("ranker"));
  }
}

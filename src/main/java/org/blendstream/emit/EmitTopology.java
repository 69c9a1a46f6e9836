package org.blendstream.emit;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.blendstream.BlendConfig;
import org.blendstream.Topics;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.RankingMatrix;
import org.blendstream.fuse.Blend;
import org.blendstream.ingest.AvroSerdeFactory;

/** The emit stage: every blend becomes one answer record and, when there was a ranking, one matrix record. */
public final class EmitTopology {

  private EmitTopology() {}

  public static void addTo(KStream<String, Blend> blends, BlendConfig config, AvroSerdeFactory serdes) {
    Topics topics = config.topics();
    blends.mapValues(BlendRecords::response, Named.as("to-blended-response"))
        .to(topics.blended(), Produced.with(Serdes.String(), serdes.serde(BlendedResponse.class, config)));
    // Replaying this topic is how a new ranker is audited against the old one, pair by pair.
    blends.mapValues(BlendRecords::matrix, Named.as("to-ranking-matrix"))
        .filter((k, v) -> v != null, Named.as("has-matrix"))
        .to(topics.rankings(), Produced.with(Serdes.String(), serdes.serde(RankingMatrix.class, config)));
  }
}

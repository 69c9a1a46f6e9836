package org.blendstream.emit;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.Topics;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.RankingMatrix;
import org.blendstream.fuse.Blend;
import org.blendstream.fuse.FallbackReason;
import org.blendstream.ingest.AvroSerdeFactory;

/**
 * The emit stage: every blend becomes one answer record and, when there was a ranking, one matrix
 * record.
 */
public final class EmitTopology {

  /**
   * Where the stage writes. The live pipeline writes {@code blend.blended} and {@code
   * blend.rankings} untagged; a replay writes its own topics and tags every record with its
   * version, so a record read anywhere says where it came from.
   */
  public record Outputs(String blended, String rankings, String replayVersion) {

    public static Outputs live(Topics topics) {
      return new Outputs(topics.blended(), topics.rankings(), null);
    }

    public static Outputs replay(Topics.Replay replay) {
      return new Outputs(replay.blended(), replay.rankings(), replay.version());
    }
  }

  private EmitTopology() {}

  public static void addTo(
      KStream<String, Blend> blends,
      BlendConfig config,
      AvroSerdeFactory serdes,
      Outputs outputs,
      BlendMetrics metrics) {
    String version = outputs.replayVersion();
    blends
        .mapValues(
            b -> {
              BlendedResponse r = BlendRecords.response(b);
              r.setReplayVersion(version);
              // Measured as the record is handed to the producer; readers see it at the next commit
              // (commit.interval.ms).
              var set = b.ranked().set();
              metrics.blended(
                  r.getMode().name(),
                  FallbackReason.classOf(r.getFallbackReason()),
                  System.currentTimeMillis() - set.getAssembledAt(),
                  set.getReason().name());
              return r;
            },
            Named.as("to-blended-response"))
        .to(
            outputs.blended(),
            Produced.with(Serdes.String(), serdes.serde(BlendedResponse.class, config)));
    // Replaying this topic is how a new ranker is audited against the old one, pair by pair.
    blends
        .mapValues(
            b -> {
              RankingMatrix m = BlendRecords.matrix(b);
              if (m != null) {
                m.setReplayVersion(version);
              }
              return m;
            },
            Named.as("to-ranking-matrix"))
        .filter((k, v) -> v != null, Named.as("has-matrix"))
        .to(
            outputs.rankings(),
            Produced.with(Serdes.String(), serdes.serde(RankingMatrix.class, config)));
  }
}

package org.blendstream.rank;

import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.ModelPriors;
import org.blendstream.ingest.AvroSerdeFactory;

/** The rank stage: candidate sets from their topic, ranked in memory for the fuse stage. */
public final class RankTopology {

  private RankTopology() {}

  /**
   * The LLM judge's verdicts, by cache key; changelogged, so a restored or retried task does not
   * pay twice.
   */
  public static final String VERDICT_STORE = "judge-verdicts";

  /**
   * The candidate sets as the stage reads them; a replay narrows this stream to its range before
   * ranking.
   */
  public static KStream<String, CandidateSet> sets(
      StreamsBuilder builder, BlendConfig config, AvroSerdeFactory serdes) {
    // Reading the sets back from their topic decouples ranking from assembly: either can be
    // replayed alone.
    return builder.stream(
        config.topics().candidateSets(),
        Consumed.with(Serdes.String(), serdes.serde(CandidateSet.class, config))
            .withName("candidate-sets"));
  }

  public static KStream<String, RankedSet> rank(
      StreamsBuilder builder,
      BlendConfig config,
      AvroSerdeFactory serdes,
      KStream<String, CandidateSet> sets,
      Supplier<Ranker> rankers,
      BlendMetrics metrics) {
    String priors = null;
    if (config.feedbackEnabled()) {
      // Every instance reads all of the learned priors: one small record, wanted by every rank
      // task.
      builder.globalTable(
          config.topics().modelPriors(),
          Consumed.with(Serdes.String(), serdes.serde(ModelPriors.class, config))
              .withName("model-priors"),
          Materialized.<String, ModelPriors, KeyValueStore<Bytes, byte[]>>as(LivePrior.STORE)
              .withKeySerde(Serdes.String())
              .withValueSerde(serdes.serde(ModelPriors.class, config)));
      priors = LivePrior.STORE;
    }
    String priorStore = priors;
    if (!LlmJudgeRanker.NAME.equals(Rankers.resolve(config))) {
      return sets.processValues(
          () -> new RankProcessor(rankers, metrics, null, 0, priorStore), Named.as("ranker"));
    }
    // Only the judge pays per pair, so only its topology carries the store (and its changelog
    // topic).
    builder.addStateStore(
        Stores.timestampedKeyValueStoreBuilder(
            Stores.persistentTimestampedKeyValueStore(VERDICT_STORE),
            Serdes.String(),
            Serdes.Double()));
    long retentionMs = config.llm().cacheRetentionMs();
    return sets.processValues(
        () -> new RankProcessor(rankers, metrics, VERDICT_STORE, retentionMs, priorStore),
        Named.as("ranker"),
        VERDICT_STORE);
  }
}

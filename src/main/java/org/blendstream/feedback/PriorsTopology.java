package org.blendstream.feedback;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.Feedback;
import org.blendstream.avro.JoinedFeedback;
import org.blendstream.avro.ModelPriors;
import org.blendstream.ingest.AvroSerdeFactory;
import org.blendstream.rank.LivePrior;
import org.blendstream.rank.OnlineStrengths;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Rankers;

/**
 * The priors app ({@code <application.id>-priors}, with {@code feedback.enabled}): feedback in,
 * learned strengths out. It runs apart from blending, so that a burst of feedback never delays an
 * answer, and its one-partition update step never holds a rank task.
 *
 * <pre>
 * blend.candidate-sets ─ SetModels ──────────┐ (set-models store, by request id)
 * blend.feedback ─────── FeedbackResolver ───┴─ invalid → DLQ
 *                          │ JoinedFeedback, re-keyed to one key, one partition
 *                          └─ PriorUpdater (strengths + feedback ids, changelogged) → blend.model-priors
 * </pre>
 */
public final class PriorsTopology {

  /** Application-id suffix of the priors app. */
  public static final String APP = "priors";

  public static final String SET_MODELS_STORE = "set-models";
  public static final String STRENGTHS_STORE = "prior-strengths";
  public static final String FEEDBACK_IDS_STORE = "feedback-ids";

  private PriorsTopology() {}

  /**
   * @param judges the LLM judge for judge sampling ({@code feedback.judge.rate} of the sets), or
   *     null for none
   */
  public static Topology build(BlendConfig config, BlendMetrics metrics, Supplier<Ranker> judges) {
    AvroSerdeFactory serdes = AvroSerdeFactory.from(config);
    StreamsBuilder builder = new StreamsBuilder();
    long retentionMs = config.feedbackDedupeRetentionMs();
    @SuppressWarnings({"unchecked", "rawtypes"})
    Serde<List<String>> modelList = (Serde) Serdes.ListSerde(ArrayList.class, Serdes.String());
    builder.addStateStore(
        Stores.timestampedKeyValueStoreBuilder(
            Stores.persistentTimestampedKeyValueStore(SET_MODELS_STORE),
            Serdes.String(),
            modelList));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(STRENGTHS_STORE), Serdes.String(), Serdes.String()));
    builder.addStateStore(
        Stores.timestampedKeyValueStoreBuilder(
            Stores.persistentTimestampedKeyValueStore(FEEDBACK_IDS_STORE),
            Serdes.String(),
            Serdes.Long()));

    // Remember each answered set's models, so that feedback can be checked against what was
    // answered.
    KStream<String, CandidateSet> sets =
        builder.stream(
            config.topics().candidateSets(),
            Consumed.with(Serdes.String(), serdes.serde(CandidateSet.class, config))
                .withName("priors-candidate-sets"));
    sets.process(
        () -> new SetModels(SET_MODELS_STORE, retentionMs),
        Named.as("set-models"),
        SET_MODELS_STORE);
    if (judges != null) {
      // A share of the sets to the judge; its verdicts come back through the feedback topic like
      // anyone's.
      sets.process(
              () -> new JudgeSampler(judges, config.feedbackJudgeRate(), metrics),
              Named.as("judge-sampler"))
          .to(
              config.topics().feedback(),
              Produced.with(Serdes.String(), serdes.serde(Feedback.class, config))
                  .withName("judge-feedback"));
    }

    OnlineStrengths.Options options =
        OnlineStrengths.Options.of(
            config.priorMethod(), config.priorHalfLife(), Rankers.warmStart(config));
    // Feedback is keyed by request id like the sets, so each finds its set on the same partition;
    // then one key and
    // one partition, so that every record updates the one set of strengths, in order.
    builder.stream(
            config.topics().feedback(),
            Consumed.with(Serdes.String(), serdes.serde(Feedback.class, config))
                .withName("feedback"))
        .process(
            () -> new FeedbackResolver(SET_MODELS_STORE, retentionMs),
            Named.as("feedback-resolver"),
            SET_MODELS_STORE)
        .selectKey((k, v) -> LivePrior.KEY, Named.as("one-key"))
        .repartition(
            Repartitioned.with(Serdes.String(), serdes.serde(JoinedFeedback.class, config))
                .withName("joined-feedback")
                .withNumberOfPartitions(1))
        .process(
            () ->
                new PriorUpdater(
                    STRENGTHS_STORE, FEEDBACK_IDS_STORE, retentionMs, options, metrics),
            Named.as("prior-updater"),
            STRENGTHS_STORE,
            FEEDBACK_IDS_STORE)
        .to(
            config.topics().modelPriors(),
            Produced.with(Serdes.String(), serdes.serde(ModelPriors.class, config))
                .withName("model-priors-sink"));
    return builder.build();
  }
}

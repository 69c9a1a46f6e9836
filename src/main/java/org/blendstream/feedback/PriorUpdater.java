package org.blendstream.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.blendstream.BlendMetrics;
import org.blendstream.avro.Feedback;
import org.blendstream.avro.JoinedFeedback;
import org.blendstream.avro.ModelPriors;
import org.blendstream.avro.ModelStrength;
import org.blendstream.rank.LivePrior;
import org.blendstream.rank.OnlineStrengths;
import org.blendstream.rank.StoreRetention;

/**
 * Applies each valid feedback record to the strengths ({@link OnlineStrengths}) and writes the new
 * priors. It runs on one partition, so that every record updates the one set of strengths in order.
 * The strengths' state and the ids of the records applied live in changelogged stores, written in
 * the same exactly-once transaction as the priors record and the input offset: after a crash the
 * state is the one the last committed priors record was made from, and a feedback id seen again
 * within the retention (a producer's retry, a replayed topic) is counted once.
 */
final class PriorUpdater extends ContextualProcessor<String, JoinedFeedback, String, ModelPriors> {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String STATE_KEY = "state";

  private final String strengthsStore;
  private final String dedupeStore;
  private final long dedupeRetentionMs;
  private final OnlineStrengths.Options options;
  private final BlendMetrics metrics;
  private KeyValueStore<String, String> state;
  private StoreRetention<String, Long> applied;

  PriorUpdater(
      String strengthsStore,
      String dedupeStore,
      long dedupeRetentionMs,
      OnlineStrengths.Options options,
      BlendMetrics metrics) {
    this.strengthsStore = strengthsStore;
    this.dedupeStore = dedupeStore;
    this.dedupeRetentionMs = dedupeRetentionMs;
    this.options = options;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, ModelPriors> context) {
    super.init(context);
    state = context.getStateStore(strengthsStore);
    applied =
        new StoreRetention<>(
            context.getStateStore(dedupeStore), dedupeRetentionMs, context::currentSystemTimeMs);
    context.schedule(
        StoreRetention.PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> applied.purge());
    gauges(load());
  }

  @Override
  public void process(Record<String, JoinedFeedback> record) {
    Feedback f = record.value().getFeedback();
    if (applied.get(f.getFeedbackId()) != null) {
      metrics.feedbackDuplicate();
      return;
    }
    // Read from the store every time: after an aborted transaction the store is what was committed,
    // a cache might not be.
    OnlineStrengths strengths = load();
    strengths.apply(record.value().getOutcomes(), f.getWeight());
    state.put(STATE_KEY, write(strengths.state()));
    applied.put(f.getFeedbackId(), strengths.records());
    metrics.feedbackApplied(f.getSource().name());
    gauges(strengths);
    context()
        .forward(
            new Record<>(LivePrior.KEY, priors(strengths, f.getTimestamp()), record.timestamp()));
  }

  private OnlineStrengths load() {
    String json = state.get(STATE_KEY);
    if (json == null) {
      return new OnlineStrengths(options);
    }
    try {
      return new OnlineStrengths(options, JSON.readValue(json, OnlineStrengths.State.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the strengths store holds no readable state", e);
    }
  }

  private static String write(OnlineStrengths.State s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void gauges(OnlineStrengths strengths) {
    Map<String, Long> counts = strengths.feedbackCounts();
    strengths.strengths().forEach((model, s) -> metrics.prior(model, s, counts.get(model)));
  }

  /**
   * What {@code blend.model-priors} carries; the models feedback never named keep their warm start,
   * with count 0.
   */
  static ModelPriors priors(OnlineStrengths strengths, long updatedAt) {
    Map<String, ModelStrength> models = new LinkedHashMap<>();
    strengths
        .toPrior()
        .models()
        .forEach((model, e) -> models.put(model, new ModelStrength(e.strength(), e.comparisons())));
    return ModelPriors.newBuilder()
        .setVersion(strengths.records())
        .setMethod(strengths.options().method())
        .setHalfLife(strengths.options().halfLife())
        .setUpdatedAt(updatedAt)
        .setModels(models)
        .build();
  }
}

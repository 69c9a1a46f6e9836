package org.blendstream.rank;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.blendstream.BlendMetrics;
import org.blendstream.avro.CandidateSet;

/**
 * Lets each request's candidate set through to ranking once. The blending app answers a set in the
 * same transaction that commits its input offset, so a set is read twice only when that offset is
 * lost while the answer stands: the repair of a hanging transaction on {@code __consumer_offsets}
 * after a kill -9 of the whole embedded process has done exactly that, and then every set since the
 * previous commit was answered again. The store of answered request ids is changelogged in the same
 * transaction as the answers, so it says "answered" exactly when the answer is committed, whatever
 * happens to the offsets.
 *
 * <p>A window store, as in the Kafka Streams examples' deduplication: the ids expire a segment at a
 * time by stream time, with no scan, which matters at one id per request. They are kept for {@code
 * late.retention.ms}, as long as the assembler remembers an emitted request, so that a request id
 * used again after that is a new request in both apps.
 */
public final class AnsweredSets
    extends ContextualFixedKeyProcessor<String, CandidateSet, CandidateSet> {

  public static final String STORE = "answered-sets";

  private final long retentionMs;
  private final BlendMetrics metrics;
  private WindowStore<String, Long> answered;

  AnsweredSets(long retentionMs, BlendMetrics metrics) {
    this.retentionMs = retentionMs;
    this.metrics = metrics;
  }

  /** The sets, each request's first only; the store also keeps the app's process id. */
  public static KStream<String, CandidateSet> firstOnly(
      StreamsBuilder builder,
      KStream<String, CandidateSet> sets,
      long retentionMs,
      BlendMetrics metrics) {
    // A window store wants a retention of at least its window, and of a millisecond at least.
    Duration retention = Duration.ofMillis(Math.max(1, retentionMs));
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(STORE, retention, retention, false),
            Serdes.String(),
            Serdes.Long()));
    return sets.processValues(
        () -> new AnsweredSets(retentionMs, metrics), Named.as("answered-sets"), STORE);
  }

  @Override
  public void init(FixedKeyProcessorContext<String, CandidateSet> context) {
    super.init(context);
    answered = context.getStateStore(STORE);
  }

  @Override
  public void process(FixedKeyRecord<String, CandidateSet> record) {
    if (record.key() == null) {
      context().forward(record);
      return;
    }
    long ts = record.timestamp();
    // Saturated: a retention near Long.MAX_VALUE must not wrap the window's end into the past.
    long until = ts + Math.min(retentionMs, Long.MAX_VALUE - Math.max(0, ts));
    try (WindowStoreIterator<Long> seen =
        answered.fetch(record.key(), Math.max(0, ts - retentionMs), until)) {
      if (seen.hasNext()) {
        metrics.setRepeated();
        return;
      }
    }
    answered.put(record.key(), ts, ts);
    context().forward(record);
  }
}

package org.blendstream.rank;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The rank processor's verdict cache: each verdict with the wall-clock time it was paid for. A verdict older than the
 * retention counts as absent, and a periodic purge deletes it, which also writes its tombstone to the changelog, so
 * that neither the local store nor the changelog grows without bound.
 */
final class VerdictStore implements VerdictCache {

  /** How often the processor purges; a verdict may outlive its retention by this much, unused. */
  static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);

  private final TimestampedKeyValueStore<String, Double> store;
  private final long retentionMs;
  private final LongSupplier clock;

  VerdictStore(TimestampedKeyValueStore<String, Double> store, long retentionMs, LongSupplier clock) {
    this.store = store;
    this.retentionMs = retentionMs;
    this.clock = clock;
  }

  @Override
  public Double get(String key) {
    ValueAndTimestamp<Double> v = store.get(key);
    return v == null || expired(v, clock.getAsLong()) ? null : v.value();
  }

  @Override
  public void put(String key, double probability) {
    store.put(key, ValueAndTimestamp.make(probability, clock.getAsLong()));
  }

  /** Deletes the expired verdicts; returns how many. */
  int purge() {
    long now = clock.getAsLong();
    List<String> expired = new ArrayList<>();
    // Keys first, deletes after: the iterator is not for writing under.
    try (KeyValueIterator<String, ValueAndTimestamp<Double>> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, ValueAndTimestamp<Double>> kv = all.next();
        if (kv.value == null || expired(kv.value, now)) {
          expired.add(kv.key);
        }
      }
    }
    expired.forEach(store::delete);
    return expired.size();
  }

  private boolean expired(ValueAndTimestamp<Double> v, long now) {
    return now - v.timestamp() > retentionMs;
  }
}

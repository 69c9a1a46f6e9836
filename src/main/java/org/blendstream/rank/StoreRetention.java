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
 * A changelogged store whose entries live for a retention, by the wall clock: each value is kept
 * with the time it was put, an older one counts as absent, and {@link #purge} deletes it, which
 * also writes its tombstone to the changelog, so that neither the local store nor the changelog
 * grows without bound. The judge's verdict cache and the feedback dedupe both keep their entries
 * this way.
 */
public final class StoreRetention<K, V> {

  /** How often the owners purge; an entry may outlive its retention by this much, unused. */
  public static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);

  private final TimestampedKeyValueStore<K, V> store;
  private final long retentionMs;
  private final LongSupplier clock;

  public StoreRetention(
      TimestampedKeyValueStore<K, V> store, long retentionMs, LongSupplier clock) {
    this.store = store;
    this.retentionMs = retentionMs;
    this.clock = clock;
  }

  /** The value, or null when it is absent or older than the retention. */
  public V get(K key) {
    ValueAndTimestamp<V> v = store.get(key);
    return v == null || expired(v, clock.getAsLong()) ? null : v.value();
  }

  public void put(K key, V value) {
    store.put(key, ValueAndTimestamp.make(value, clock.getAsLong()));
  }

  /** Deletes the expired entries; returns how many. */
  public int purge() {
    long now = clock.getAsLong();
    List<K> expired = new ArrayList<>();
    // Keys first, deletes after: the iterator is not for writing under.
    try (KeyValueIterator<K, ValueAndTimestamp<V>> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<K, ValueAndTimestamp<V>> kv = all.next();
        if (kv.value == null || expired(kv.value, now)) {
          expired.add(kv.key);
        }
      }
    }
    expired.forEach(store::delete);
    return expired.size();
  }

  private boolean expired(ValueAndTimestamp<V> v, long now) {
    return now - v.timestamp() > retentionMs;
  }
}

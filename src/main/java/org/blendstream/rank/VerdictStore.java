package org.blendstream.rank;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;

/**
 * The rank processor's verdict cache: each verdict with the wall-clock time it was paid for, kept
 * for the retention ({@link StoreRetention}), so that neither the local store nor the changelog
 * grows without bound.
 */
final class VerdictStore implements VerdictCache {

  /** How often the processor purges; a verdict may outlive its retention by this much, unused. */
  static final Duration PURGE_INTERVAL = StoreRetention.PURGE_INTERVAL;

  private final StoreRetention<String, Double> verdicts;

  VerdictStore(
      TimestampedKeyValueStore<String, Double> store, long retentionMs, LongSupplier clock) {
    this.verdicts = new StoreRetention<>(store, retentionMs, clock);
  }

  @Override
  public Double get(String key) {
    return verdicts.get(key);
  }

  @Override
  public void put(String key, double probability) {
    verdicts.put(key, probability);
  }

  /** Deletes the expired verdicts; returns how many. */
  int purge() {
    return verdicts.purge();
  }
}

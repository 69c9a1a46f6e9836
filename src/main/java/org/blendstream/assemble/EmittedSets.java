package org.blendstream.assemble;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.blendstream.avro.AssemblyState;

/**
 * The requests whose set went out (or was given up) in the last {@code late.retention.ms}, so that
 * their later records are routed as late instead of opening a new set. Each marker is a small
 * {@link AssemblyState}: when it went out, and what came after.
 *
 * <p>A window store of its own, uncached, as in the Kafka Streams examples' deduplication: markers
 * expire a segment at a time, with no due entry each, and they stay out of the stores' shared
 * cache. Kept in the state store, as before, a long-lived clean marker per request filled that
 * cache within seconds, and from then on Kafka Streams evicted from whichever store was being
 * written: the candidates store, all of whose entries are recent and dirty, so that each put
 * flushed it, and a candidate reached RocksDB and the changelog even when its set closed within the
 * same commit.
 */
final class EmittedSets {

  private final WindowStore<String, AssemblyState> store;
  private final long retentionMs;

  EmittedSets(WindowStore<String, AssemblyState> store, long retentionMs) {
    this.store = store;
    this.retentionMs = retentionMs;
  }

  static StoreBuilder<WindowStore<String, AssemblyState>> storeBuilder(
      String name, long retentionMs, Serde<AssemblyState> serde) {
    // A window store wants a retention of at least its window, and of a millisecond at least.
    Duration retention = Duration.ofMillis(Math.max(1, retentionMs));
    return Stores.windowStoreBuilder(
        Stores.persistentWindowStore(name, retention, retention, false), Serdes.String(), serde);
  }

  /** The marker of a set emitted within the retention before {@code now}, or null. */
  AssemblyState find(String requestId, long now) {
    if (retentionMs == 0) {
      return null;
    }
    AssemblyState found = null;
    try (WindowStoreIterator<AssemblyState> it =
        store.fetch(requestId, Math.max(0, now - retentionMs), DueIndex.after(now, retentionMs))) {
      while (it.hasNext()) {
        found = it.next().value; // the latest, should a clock have stepped back
      }
    }
    return found;
  }

  /** Files or updates the marker under its emission time. */
  void put(String requestId, AssemblyState marker) {
    if (retentionMs > 0) {
      store.put(requestId, marker, marker.getEmittedAt());
    }
  }

  /** A marker that keeps what the open set counted, and nothing the set itself carried. */
  static AssemblyState markerOf(AssemblyState state, long emittedAt) {
    return AssemblyState.newBuilder()
        .setFirstArrivalAt(state.getFirstArrivalAt())
        .setOriginAt(state.getOriginAt())
        .setDueAt(emittedAt)
        .setEmittedAt(emittedAt)
        .setDuplicates(state.getDuplicates())
        .setLate(state.getLate())
        .setLateRequests(state.getLateRequests())
        .build();
  }
}

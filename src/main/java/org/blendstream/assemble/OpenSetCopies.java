package org.blendstream.assemble;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A store of the assembler's, read through the values it last wrote for the sets still open. The
 * store and its changelog stay the truth; the copies only spare a read its Avro decode, which was a
 * fifth of the assembly thread: every candidate read its set's state back, and every emitted set
 * read its candidates back.
 *
 * <p>A copy is the very object that was put, so it is dropped whenever the store might hold
 * something else: on {@link #forget} (an emitted set's marker lives only in the store, since there
 * is one per request of the late retention), on {@link #clear} when a record's processing failed
 * half-way or the task is (re)initialised after a restore, and beyond {@link #MAX_COPIES}, where
 * reads fall back to the store.
 */
final class OpenSetCopies<V> {

  /**
   * Bounds the heap next to a store that spills to disk: open sets beyond it (a restored backlog, a
   * deadline far out) are read from the store as before.
   */
  static final int MAX_COPIES = 50_000;

  private final KeyValueStore<String, V> store;
  private final Map<String, V> copies = new HashMap<>();

  OpenSetCopies(KeyValueStore<String, V> store) {
    this.store = store;
  }

  V get(String key) {
    V copy = copies.get(key);
    if (copy != null) {
      return copy;
    }
    V stored = store.get(key);
    if (stored != null && copies.size() < MAX_COPIES) {
      copies.put(key, stored);
    }
    return stored;
  }

  /** Writes through; a null put is the store's tombstone and drops the copy. */
  void put(String key, V value) {
    store.put(key, value);
    if (value == null) {
      copies.remove(key);
    } else if (copies.size() < MAX_COPIES || copies.containsKey(key)) {
      copies.put(key, value);
    }
  }

  /** Keeps the value in the store only. */
  void forget(String key) {
    copies.remove(key);
  }

  void clear() {
    copies.clear();
  }

  int size() {
    return copies.size();
  }
}

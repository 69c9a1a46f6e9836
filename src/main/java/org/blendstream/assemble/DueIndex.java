package org.blendstream.assemble;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Request ids ordered by the wall-clock time they next need attention. The punctuator range-scans
 * only what is due instead of every open and remembered request, which would cost O(state) per tick.
 */
final class DueIndex {

  private static final String SEPARATOR = "|";
  private final KeyValueStore<String, String> store;

  DueIndex(KeyValueStore<String, String> store) {
    this.store = store;
  }

  // Zero-padding makes the lexicographic order of the string keys the numeric order of the times.
  private static String key(long dueAt, String requestId) {
    return String.format("%019d%s%s", Math.max(0, dueAt), SEPARATOR, requestId);
  }

  void schedule(String requestId, long dueAt) {
    store.put(key(dueAt, requestId), requestId);
  }

  void unschedule(String requestId, long dueAt) {
    store.delete(key(dueAt, requestId));
  }

  /** Entries due at or before {@code now}, removed from the index; callers reschedule what stays. */
  List<KeyValue<Long, String>> takeDue(long now) {
    List<KeyValue<Long, String>> due = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> it = store.range(key(0, ""), key(now, "\uffff"))) {
      while (it.hasNext()) {
        KeyValue<String, String> kv = it.next();
        keys.add(kv.key);
        due.add(KeyValue.pair(Long.parseLong(kv.key.substring(0, kv.key.indexOf(SEPARATOR))), kv.value));
      }
    }
    keys.forEach(store::delete);
    return due;
  }
}

package org.blendstream.assemble;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Request ids ordered by the wall-clock time they next need attention. The punctuator range-scans
 * only what is due instead of every open and remembered request, which would cost O(state) per
 * tick.
 */
final class DueIndex {

  private static final String SEPARATOR = "|";
  private final KeyValueStore<String, String> store;

  DueIndex(KeyValueStore<String, String> store) {
    this.store = store;
  }

  // Zero-padding makes the lexicographic order of the string keys the numeric order of the times.
  // By hand, since
  // String.format was 6% of the assembly thread.
  static String key(long dueAt, String requestId) {
    String digits = Long.toString(slot(dueAt));
    StringBuilder key = new StringBuilder(19 + SEPARATOR.length() + requestId.length());
    for (int pad = digits.length(); pad < 19; pad++) {
      key.append('0');
    }
    return key.append(digits).append(SEPARATOR).append(requestId).toString();
  }

  /**
   * The time an entry is filed under: a due time before the epoch is filed at 0, so {@link
   * #takeDue} hands it back as 0, and a caller that checks whether an entry is still current
   * compares with this, not with the raw due time.
   */
  static long slot(long dueAt) {
    return Math.max(0, dueAt);
  }

  /**
   * {@code from + delay}, saturated: a sum past {@link Long#MAX_VALUE} would wrap into the past and
   * fire at once.
   */
  static long after(long from, long delay) {
    try {
      return Math.addExact(from, delay);
    } catch (ArithmeticException e) {
      return delay > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
  }

  void schedule(String requestId, long dueAt) {
    store.put(key(dueAt, requestId), requestId);
  }

  /** A null put, not {@code delete}, which would read the old value back first. */
  void unschedule(String requestId, long dueAt) {
    store.put(key(dueAt, requestId), null);
  }

  /**
   * Entries due at or before {@code now}, removed from the index; callers reschedule what stays.
   */
  List<KeyValue<Long, String>> takeDue(long now) {
    List<KeyValue<Long, String>> due = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> it = store.range(key(0, ""), key(now, "\uffff"))) {
      while (it.hasNext()) {
        KeyValue<String, String> kv = it.next();
        keys.add(kv.key);
        due.add(
            KeyValue.pair(
                Long.parseLong(kv.key.substring(0, kv.key.indexOf(SEPARATOR))), kv.value));
      }
    }
    keys.forEach(k -> store.put(k, null));
    return due;
  }
}

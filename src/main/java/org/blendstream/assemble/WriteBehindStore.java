package org.blendstream.assemble;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A key-value store of the assembler's that holds its writes as objects until Kafka Streams
 * commits, and reads the sets still open from the heap.
 *
 * <p>Why: a set's state changed with every record of its set, and each put encoded it whole (its
 * request's prompt included) for the record cache, which then kept only the last bytes anyway; a
 * candidate was written, sent to the changelog and deleted again even when its set closed within
 * the same commit. Here a key is written to the inner store once per commit, with the value it has
 * then, and a value that was {@linkplain #add added} and deleted between two commits is never
 * written at all. The inner store and its changelog stay the truth at every commit, which is all
 * that exactly-once restores.
 *
 * <p>Kafka Streams flushes a store's cache before it sends the commit ({@code flushCache}, called
 * for every {@link CachedStateStore} it registered; that interface is internal to Kafka Streams,
 * and is what its own caching stores implement). The processor gets this class itself, not a
 * key-value view: Kafka Streams puts a read-write decorator in front of any {@link KeyValueStore},
 * which would hide {@link #add} and {@link #forget}.
 *
 * <p>A read returns a copy the caller may change ({@code copier}): the held value is what was put,
 * and a record that fails half-way through its changes leaves it so, as a store that encoded on put
 * did.
 */
final class WriteBehindStore<V> implements StateStore, CachedStateStore<String, V> {

  /**
   * Bounds the heap next to a store that spills to disk: values put before the last commit are kept
   * for reading up to this many, the rest read from the store; and more pending writes than this go
   * to the store before the commit (a long commit interval, a restored backlog).
   */
  static final int MAX_HELD = 50_000;

  private static final class Pending<V> {
    V value;

    /** False while the inner store is known not to hold the key: a delete then writes nothing. */
    final boolean stored;

    /** Whether to keep reading the value from the heap once it is written. */
    boolean keep = true;

    Pending(V value, boolean stored) {
      this.value = value;
      this.stored = stored;
    }
  }

  private final KeyValueStore<String, V> inner;
  private final UnaryOperator<V> copier;
  private final Map<String, Pending<V>> pending = new LinkedHashMap<>();
  private final Map<String, V> written = new HashMap<>();

  WriteBehindStore(KeyValueStore<String, V> inner, UnaryOperator<V> copier) {
    this.inner = inner;
    this.copier = copier;
  }

  /**
   * Builds this store around {@code inner}'s store: the changelog and its configuration are {@code
   * inner}'s.
   */
  static <V> StoreBuilder<WriteBehindStore<V>> builder(
      StoreBuilder<KeyValueStore<String, V>> inner, UnaryOperator<V> copier) {
    return new Builder<>(inner, copier);
  }

  /**
   * Copies a record one level deep, and makes its lists read-only in the copy: a caller sets a new
   * list rather than change one, so the copy may share them (and the nested records, which nobody
   * changes), and a caller that tried to change a shared list fails instead of changing the held
   * value. Avro's deep copy, which allocated every nested record and list through its generic data
   * model, was 12% of the assembly thread.
   */
  static <R extends SpecificRecordBase> UnaryOperator<R> recordCopier(Supplier<R> fresh) {
    return r -> {
      R copy = fresh.get();
      for (int i = 0; i < r.getSchema().getFields().size(); i++) {
        Object v = r.get(i);
        copy.put(i, v instanceof List<?> list ? Collections.unmodifiableList(list) : v);
      }
      return copy;
    };
  }

  /** The value last put, as a copy; null if there is none or it was deleted. */
  V get(String key) {
    Pending<V> p = pending.get(key);
    if (p != null) {
      return p.value == null ? null : copier.apply(p.value);
    }
    V held = written.get(key);
    if (held != null) {
      return copier.apply(held);
    }
    // Decoded afresh, so the caller's alone; the sets read back from the store are the restored
    // ones, read once each.
    return inner.get(key);
  }

  /** Hands {@code value} over: the caller does not change it afterwards. A null deletes. */
  void put(String key, V value) {
    write(key, value, true);
  }

  /**
   * Puts a value under a key the store does not hold; deleted before the next commit, it leaves no
   * trace in the store or its changelog.
   */
  void add(String key, V value) {
    write(key, value, false);
  }

  private void write(String key, V value, boolean stored) {
    written.remove(key);
    Pending<V> p = pending.get(key);
    if (p == null) {
      if (value != null || stored) {
        pending.put(key, new Pending<>(value, stored));
      }
    } else if (value == null && !p.stored) {
      pending.remove(key);
    } else {
      p.value = value;
      p.keep = true;
    }
    if (pending.size() > MAX_HELD) {
      writePending();
    }
  }

  /** Reads the key's value from the store from now on, once it is written. */
  void forget(String key) {
    written.remove(key);
    Pending<V> p = pending.get(key);
    if (p != null) {
      p.keep = false;
    }
  }

  /** Values held to be read from the heap, written or not; for tests. */
  int held() {
    return pending.size() + written.size();
  }

  private void writePending() {
    for (Map.Entry<String, Pending<V>> e : pending.entrySet()) {
      Pending<V> p = e.getValue();
      inner.put(e.getKey(), p.value);
      if (p.value != null && p.keep && written.size() < MAX_HELD) {
        written.put(e.getKey(), p.value);
      }
    }
    pending.clear();
  }

  @Override
  public void flushCache() {
    writePending();
    if (inner instanceof CachedStateStore<?, ?> cached) {
      cached.flushCache();
    }
  }

  @Override
  public void clearCache() {
    if (inner instanceof CachedStateStore<?, ?> cached) {
      cached.clearCache();
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
    return inner instanceof CachedStateStore<?, ?> cached
        && ((CachedStateStore<String, V>) cached).setFlushListener(listener, sendOldValues);
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    // A task that starts over (a restore, a revival after an error) reads the store afresh.
    pending.clear();
    written.clear();
    inner.init(context, root);
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    writePending();
    inner.commit(changelogOffsets);
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return inner.committedOffset(partition);
  }

  @Override
  public void close() {
    // Closed without a commit, the pending writes belong to a transaction that is aborted.
    pending.clear();
    written.clear();
    inner.close();
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
    return inner.query(query, bound, config);
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }

  private static final class Builder<V> implements StoreBuilder<WriteBehindStore<V>> {
    private final StoreBuilder<KeyValueStore<String, V>> inner;
    private final UnaryOperator<V> copier;

    Builder(StoreBuilder<KeyValueStore<String, V>> inner, UnaryOperator<V> copier) {
      this.inner = inner;
      this.copier = copier;
    }

    @Override
    public StoreBuilder<WriteBehindStore<V>> withCachingEnabled() {
      inner.withCachingEnabled();
      return this;
    }

    @Override
    public StoreBuilder<WriteBehindStore<V>> withCachingDisabled() {
      inner.withCachingDisabled();
      return this;
    }

    @Override
    public StoreBuilder<WriteBehindStore<V>> withLoggingEnabled(Map<String, String> config) {
      inner.withLoggingEnabled(config);
      return this;
    }

    @Override
    public StoreBuilder<WriteBehindStore<V>> withLoggingDisabled() {
      inner.withLoggingDisabled();
      return this;
    }

    @Override
    public WriteBehindStore<V> build() {
      return new WriteBehindStore<>(inner.build(), copier);
    }

    @Override
    public Map<String, String> logConfig() {
      return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
      return inner.loggingEnabled();
    }

    @Override
    public String name() {
      return inner.name();
    }
  }
}

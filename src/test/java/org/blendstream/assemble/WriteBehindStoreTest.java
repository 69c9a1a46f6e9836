package org.blendstream.assemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteBehindStoreTest {

  private final AtomicInteger decodes = new AtomicInteger();
  private final List<String> writes = new ArrayList<>();
  private KeyValueStore<String, StringBuilder> inner;
  private WriteBehindStore<StringBuilder> store;

  @BeforeEach
  void openStore() {
    // A mutable value, as AssemblyState is, and a serde that records the values that reach the
    // inner
    // store (a delete does not pass through it) and counts what it decodes.
    Serde<StringBuilder> recording =
        Serdes.serdeFrom(
            (topic, v) -> {
              writes.add(String.valueOf(v));
              return v == null ? null : v.toString().getBytes(StandardCharsets.UTF_8);
            },
            (topic, bytes) -> {
              decodes.incrementAndGet();
              return bytes == null
                  ? null
                  : new StringBuilder(new String(bytes, StandardCharsets.UTF_8));
            });
    inner =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"), Serdes.String(), recording)
            .withLoggingDisabled()
            .build();
    store = new WriteBehindStore<>(inner, v -> new StringBuilder(v));
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
  }

  @Test
  void writesEachKeyOnceAtTheCommitWithItsLastValue() {
    store.put("r-1", new StringBuilder("a"));
    store.put("r-1", new StringBuilder("ab"));
    store.put("r-1", new StringBuilder("abc"));
    assertEquals(List.of(), writes, "nothing written before the commit");
    assertEquals("abc", store.get("r-1").toString());
    store.flushCache();
    assertEquals(List.of("abc"), writes);
    assertEquals("abc", inner.get("r-1").toString());
    store.flushCache();
    assertEquals(List.of("abc"), writes, "a second commit has nothing to write");
  }

  @Test
  void aReadIsACopyTheCallerMayChange() {
    StringBuilder put = new StringBuilder("a");
    store.put("r-1", put);
    StringBuilder read = store.get("r-1");
    assertNotSame(put, read);
    read.append("-changed by a record that then failed");
    assertEquals("a", store.get("r-1").toString());
    store.flushCache();
    assertEquals(List.of("a"), writes);
    store.get("r-1").append("-changed again");
    assertEquals("a", store.get("r-1").toString(), "after the commit too");
    assertEquals(0, decodes.get(), "and read from the heap");
  }

  @Test
  void anAddedValueDeletedBeforeTheCommitIsNeverWritten() {
    store.add("c-1", new StringBuilder("answer"));
    assertEquals("answer", store.get("c-1").toString());
    store.put("c-1", null);
    assertNull(store.get("c-1"));
    store.flushCache();
    assertEquals(List.of(), writes);
  }

  @Test
  void aPutValueDeletedBeforeTheCommitIsDeletedFromTheStore() {
    // A put does not know whether the store holds the key: a value from an earlier commit must go.
    inner.put("r-1", new StringBuilder("from an earlier commit"));
    writes.clear();
    store.put("r-1", new StringBuilder("a"));
    store.put("r-1", null);
    assertNull(store.get("r-1"));
    store.flushCache();
    assertNull(inner.get("r-1"));
  }

  @Test
  void anAddedValueDeletedAfterTheCommitIsDeleted() {
    store.add("c-1", new StringBuilder("answer"));
    store.flushCache();
    assertEquals("answer", inner.get("c-1").toString());
    store.put("c-1", null);
    store.flushCache();
    assertNull(inner.get("c-1"));
  }

  @Test
  void aForgottenValueIsReadFromTheStoreOnceWritten() {
    store.put("r-1", new StringBuilder("marker"));
    store.forget("r-1");
    assertEquals("marker", store.get("r-1").toString(), "still pending, still read");
    store.flushCache();
    assertEquals(0, store.held());
    assertEquals("marker", store.get("r-1").toString());
    assertEquals(1, decodes.get());
  }

  @Test
  void aValueReadFromTheStoreIsNotKept() {
    inner.put("r-1", new StringBuilder("restored"));
    assertEquals("restored", store.get("r-1").toString());
    assertEquals("restored", store.get("r-1").toString());
    assertEquals(2, decodes.get());
    assertEquals(0, store.held());
  }

  @Test
  void aCommitOfTheStoreWritesWhatIsPendingToo() {
    store.put("r-1", new StringBuilder("a"));
    store.commit(Map.of());
    assertEquals(List.of("a"), writes);
  }

  @Test
  void closingWithoutACommitWritesNothing() {
    store.put("r-1", new StringBuilder("a"));
    store.close();
    assertEquals(List.of(), writes, "an aborted transaction's writes stay unwritten");
  }

  @Test
  void beyondItsBoundItWritesBeforeTheCommitAndReadsTheStore() {
    for (int i = 0; i <= WriteBehindStore.MAX_HELD; i++) {
      store.put("r-" + i, new StringBuilder("x"));
    }
    assertEquals(WriteBehindStore.MAX_HELD + 1, writes.size(), "written when over the bound");
    assertEquals(WriteBehindStore.MAX_HELD, store.held(), "kept for reading up to the bound");
    store.put("one-more", new StringBuilder("y"));
    store.flushCache();
    assertEquals("y", store.get("one-more").toString());
    assertEquals(1, decodes.get());
  }

  @Test
  void aRecordsCopyHasItsOwnFieldsAndReadOnlyListsThatItShares() {
    var copier = WriteBehindStore.recordCopier(org.blendstream.avro.AssemblyState::new);
    org.blendstream.avro.AssemblyState held =
        org.blendstream.avro.AssemblyState.newBuilder()
            .setFirstArrivalAt(1L)
            .setDueAt(2L)
            .setModels(new ArrayList<>(List.of("a")))
            .build();
    org.blendstream.avro.AssemblyState copy = copier.apply(held);
    assertEquals(held, copy);
    copy.setDueAt(3L);
    copy.setModels(List.of("a", "b"));
    assertEquals(2L, held.getDueAt());
    assertEquals(List.of("a"), held.getModels());
    org.blendstream.avro.AssemblyState again = copier.apply(held);
    assertThrows(UnsupportedOperationException.class, () -> again.getModels().add("c"));
    assertEquals(List.of("a"), held.getModels());
  }
}

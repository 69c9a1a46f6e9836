package org.blendstream.assemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenSetCopiesTest {

  private final AtomicInteger decodes = new AtomicInteger();
  private KeyValueStore<String, StringBuilder> store;
  private OpenSetCopies<StringBuilder> copies;

  @BeforeEach
  void openStore() {
    // A mutable value, as AssemblyState is, and a serde that counts what the store decodes.
    Serde<StringBuilder> counting =
        Serdes.serdeFrom(
            (topic, v) -> v == null ? null : v.toString().getBytes(StandardCharsets.UTF_8),
            (topic, bytes) -> {
              decodes.incrementAndGet();
              return bytes == null
                  ? null
                  : new StringBuilder(new String(bytes, StandardCharsets.UTF_8));
            });
    store =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"), Serdes.String(), counting)
            .withLoggingDisabled()
            .build();
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    copies = new OpenSetCopies<>(store);
  }

  @Test
  void readsAnOpenSetBackWithoutDecodingIt() {
    StringBuilder state = new StringBuilder("a");
    copies.put("r-1", state);
    assertSame(state, copies.get("r-1"));
    assertSame(state, copies.get("r-1"));
    assertEquals(0, decodes.get());
    assertEquals("a", store.get("r-1").toString());
  }

  @Test
  void aClearedOrForgottenCopyIsReadFromTheStoreAgain() {
    StringBuilder state = new StringBuilder("a");
    copies.put("r-1", state);
    state.append("-changed but never written back");
    copies.clear();
    assertEquals("a", copies.get("r-1").toString());
    assertEquals(1, decodes.get());
    copies.forget("r-1");
    assertEquals("a", copies.get("r-1").toString());
    assertEquals(2, decodes.get());
  }

  @Test
  void aNullPutIsATombstoneForTheCopyToo() {
    copies.put("r-1", new StringBuilder("a"));
    copies.put("r-1", null);
    assertNull(copies.get("r-1"));
    assertNull(store.get("r-1"));
    assertEquals(0, copies.size());
  }

  @Test
  void beyondItsBoundItReadsTheStore() {
    for (int i = 0; i < OpenSetCopies.MAX_COPIES; i++) {
      copies.put("r-" + i, new StringBuilder("x"));
    }
    copies.put("one-more", new StringBuilder("y"));
    assertEquals(OpenSetCopies.MAX_COPIES, copies.size());
    assertEquals("y", copies.get("one-more").toString());
    assertEquals(1, decodes.get());
  }
}

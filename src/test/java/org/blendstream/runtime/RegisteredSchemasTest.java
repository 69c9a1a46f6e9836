package org.blendstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegisteredSchemasTest {

  private static final String A = "{\"type\":\"string\"}";
  private static final String B = "{\"type\":\"long\"}";

  @Test
  void replayingTheSameEntryTwiceChangesNothing() {
    RegisteredSchemas state = new RegisteredSchemas();
    RegisteredSchemas.Entry entry = new RegisteredSchemas.Entry("s", 1, 4, A);
    state.apply(entry);
    state.apply(entry);
    assertEquals(List.of(entry), state.versions("s", true));
  }

  @Test
  void idsAfterReplayContinueAboveTheHighestReplayedId() {
    RegisteredSchemas state = new RegisteredSchemas();
    state.apply(new RegisteredSchemas.Entry("s", 1, 7, A));
    RegisteredSchemas.Decision next = state.decide("s", B, List.of());
    assertTrue(next.isNew());
    assertEquals(new RegisteredSchemas.Entry("s", 2, 8, B), next.entry());
  }

  @Test
  void knownSchemaUnderItsSubjectIsNotNew() {
    RegisteredSchemas state = new RegisteredSchemas();
    state.apply(new RegisteredSchemas.Entry("s", 1, 3, A));
    RegisteredSchemas.Decision again = state.decide("s", A, List.of());
    assertFalse(again.isNew());
    assertEquals(3, again.entry().id());
  }

  @Test
  void knownSchemaUnderANewSubjectKeepsItsIdAtVersionOne() {
    RegisteredSchemas state = new RegisteredSchemas();
    state.apply(new RegisteredSchemas.Entry("s", 1, 3, A));
    assertEquals(new RegisteredSchemas.Entry("t", 1, 3, A), state.decide("t", A, List.of()).entry());
    assertEquals(Optional.of(A), state.byId(3).map(RegisteredSchemas.Entry::schema));
    assertEquals(Optional.empty(), state.byId(4));
  }
}

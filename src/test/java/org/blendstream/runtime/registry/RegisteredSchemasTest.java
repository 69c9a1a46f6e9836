package org.blendstream.runtime.registry;

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
    assertEquals(
        new RegisteredSchemas.Entry("t", 1, 3, A), state.decide("t", A, List.of()).entry());
    assertEquals(Optional.of(A), state.byId(3).map(RegisteredSchemas.Entry::schema));
    assertEquals(Optional.empty(), state.byId(4));
  }

  @Test
  void subjectDeleteMarksOnlyVersionsUpToItsWatermarkAndReRegisteringTakesTheNextVersion() {
    RegisteredSchemas state = new RegisteredSchemas();
    state.apply(new RegisteredSchemas.Entry("s", 1, 1, A));
    state.apply(new RegisteredSchemas.Entry("s", 2, 2, B));
    state.apply(new RegisteredSchemas.SubjectDeleted("s", 1));
    assertEquals(
        List.of(2),
        state.versions("s", false).stream().map(RegisteredSchemas.Entry::version).toList());
    RegisteredSchemas.Decision again = state.decide("s", A, List.of());
    assertEquals(new RegisteredSchemas.Entry("s", 3, 1, A), again.entry());
  }

  @Test
  void forgottenVersionsLeaveTheirIdUnusedForNewSchemas() {
    RegisteredSchemas state = new RegisteredSchemas();
    state.apply(new RegisteredSchemas.Entry("s", 1, 5, A));
    state.apply(new RegisteredSchemas.Forgotten("s", 1));
    assertEquals(List.of(), state.subjects(true));
    assertEquals(Optional.empty(), state.byId(5));
    assertEquals(6, state.decide("s", B, List.of()).entry().id());
  }

  @Test
  void subjectConfigOverridesTheGlobalOneWhichOverridesBackward() {
    RegisteredSchemas state = new RegisteredSchemas();
    assertEquals(Compatibility.BACKWARD, state.effectiveConfig("s"));
    state.apply(new RegisteredSchemas.Configured(null, Compatibility.FULL));
    assertEquals(Compatibility.FULL, state.effectiveConfig("s"));
    state.apply(new RegisteredSchemas.Configured("s", Compatibility.NONE));
    assertEquals(Compatibility.NONE, state.effectiveConfig("s"));
    state.apply(new RegisteredSchemas.Configured("s", null));
    assertEquals(Optional.empty(), state.config("s"));
    assertEquals(Compatibility.FULL, state.effectiveConfig("s"));
  }
}

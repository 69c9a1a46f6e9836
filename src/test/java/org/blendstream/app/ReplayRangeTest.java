package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayRangeTest {

  private static final Instant NOW = Instant.parse("2026-12-01T15:00:00Z");

  @Test
  void digitsAreAnOffsetAndEverythingElseATime() {
    ReplayRange r = ReplayRange.parse("120", "2026-11-24T08:00:00Z", NOW);
    assertEquals(new ReplayRange.Bound.Offset(120), r.from());
    assertEquals(new ReplayRange.Bound.Time(Instant.parse("2026-11-24T08:00:00Z")), r.to());
  }

  @Test
  void aDateOrALocalTimeIsUtcAnOffsetTimeIsConvertedAndADurationCountsBackFromNow() {
    assertEquals(
        new ReplayRange.Bound.Time(Instant.parse("2026-11-24T00:00:00Z")),
        ReplayRange.bound("--from", "2026-11-24", NOW));
    assertEquals(
        new ReplayRange.Bound.Time(Instant.parse("2026-11-24T08:30:00Z")),
        ReplayRange.bound("--from", "2026-11-24T08:30", NOW));
    assertEquals(
        new ReplayRange.Bound.Time(Instant.parse("2026-11-24T07:30:00Z")),
        ReplayRange.bound("--from", "2026-11-24T08:30+01:00", NOW));
    assertEquals(
        new ReplayRange.Bound.Time(Instant.parse("2026-11-24T15:00:00Z")),
        ReplayRange.bound("--from", "P7D", NOW));
    assertEquals(
        new ReplayRange.Bound.Time(Instant.parse("2026-12-01T13:00:00Z")),
        ReplayRange.bound("--to", "PT2H", NOW));
  }

  @Test
  void missingEndsAreOpen() {
    assertEquals(ReplayRange.ALL, ReplayRange.parse(null, " ", NOW));
  }

  @Test
  void somethingThatIsNeitherNamesTheFlagAndTheFormats() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ReplayRange.parse("yesterday", null, NOW));
    assertTrue(
        e.getMessage().startsWith("--from 'yesterday' is neither an offset"), e.getMessage());
    assertTrue(e.getMessage().contains("P7D"), e.getMessage());
  }
}

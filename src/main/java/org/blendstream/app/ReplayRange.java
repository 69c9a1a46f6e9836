package org.blendstream.app;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The part of a topic a replay reads: from {@code from} (inclusive) to {@code to} (exclusive), each
 * an offset, a time or open. A bare number is an offset, applied in every partition; anything else
 * is a time. Offsets and times can be mixed ({@code --from 2026-11-24 --to 500}).
 */
public record ReplayRange(Bound from, Bound to) {

  /** All of the topic, up to what it holds when the replay starts. */
  public static final ReplayRange ALL = new ReplayRange(Bound.OPEN, Bound.OPEN);

  /** One end of the range. */
  public sealed interface Bound {
    Bound OPEN = new Open();

    /** No bound: the beginning of the topic, or its end when the replay starts. */
    record Open() implements Bound {}

    /** An offset, the same in every partition. */
    record Offset(long offset) implements Bound {}

    /** A record timestamp: the first record stamped at or after it. */
    record Time(Instant at) implements Bound {}
  }

  /**
   * Parses both ends; {@code now} anchors durations ({@code P7D}: seven days before the replay
   * starts). Accepted: an offset ({@code 1200}), an instant ({@code 2026-11-24T08:00:00Z}, {@code
   * 2026-11-24T09:00+01:00}), a date and time or a date in UTC ({@code 2026-11-24T08:00}, {@code
   * 2026-11-24}), or an ISO-8601 duration ago.
   */
  public static ReplayRange parse(String from, String to, Instant now) {
    return new ReplayRange(bound("--from", from, now), bound("--to", to, now));
  }

  static Bound bound(String flag, String text, Instant now) {
    if (text == null || text.isBlank()) {
      return Bound.OPEN;
    }
    String t = text.strip();
    if (t.chars().allMatch(Character::isDigit)) {
      try {
        return new Bound.Offset(Long.parseLong(t));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " " + t + " is not an offset: too large", e);
      }
    }
    try {
      if (t.startsWith("P") || t.startsWith("p")) {
        return new Bound.Time(now.minus(Duration.parse(t)));
      }
      if (t.length() == 10) {
        return new Bound.Time(LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC));
      }
      if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$")) {
        return new Bound.Time(OffsetDateTime.parse(t).toInstant());
      }
      return new Bound.Time(LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          flag
              + " '"
              + t
              + "' is neither an offset (digits) nor a time (2026-11-24, 2026-11-24T08:00 in UTC,"
              + " 2026-11-24T08:00:00Z, or a duration ago such as P7D or PT2H)");
    }
  }
}

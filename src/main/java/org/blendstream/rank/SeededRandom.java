package org.blendstream.rank;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

/** A random source seeded by request id, so that replaying a topic repeats every random choice. */
public final class SeededRandom {

  private SeededRandom() {}

  public static Random forRequest(String requestId, String purpose) {
    UUID h = UUID.nameUUIDFromBytes((purpose + '\0' + requestId).getBytes(StandardCharsets.UTF_8));
    return new Random(h.getMostSignificantBits() ^ h.getLeastSignificantBits());
  }
}

package org.blendstream.assemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DueIndexTest {

  @Test
  void keysArePaddedSoThatTheirOrderIsTheTimesOrder() {
    long[] times = {
      Long.MIN_VALUE,
      -1,
      0,
      1,
      9,
      10,
      999_999_999_999L,
      1_765_000_000_000L,
      Long.MAX_VALUE - 1,
      Long.MAX_VALUE
    };
    String previous = null;
    for (long t : times) {
      String key = DueIndex.key(t, "r-1");
      assertEquals(String.format("%019d|%s", Math.max(0, t), "r-1"), key);
      if (previous != null) {
        assertTrue(previous.compareTo(key) <= 0, previous + " sorts after " + key);
      }
      previous = key;
    }
  }
}

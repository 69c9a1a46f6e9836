package org.blendstream.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChatTemplateEncoderTest {

  private static long[] range(int n) {
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 100 + i;
    }
    return ids;
  }

  @Test
  void aLongSequenceKeepsItsHeadAndItsLastIdsAndLosesTheMiddle() {
    assertArrayEquals(
        new long[] {100, 101, 102, 103, 104, 105, 107, 108, 109},
        ChatTemplateEncoder.middleCut(range(10), 9, 3));
    assertArrayEquals(
        new long[] {100, 101, 112, 113, 114}, ChatTemplateEncoder.middleCut(range(15), 5, 3));
    assertArrayEquals(
        new long[] {100, 101, 102, 103}, ChatTemplateEncoder.middleCut(range(15), 4, 0));
  }

  @Test
  void aSequenceThatFitsIsLeftAlone() {
    long[] ids = range(9);
    assertSame(ids, ChatTemplateEncoder.middleCut(ids, 9, 3));
  }

  @Test
  void keepLastMustLeaveRoomForTheHead() {
    ChatTemplate t = ChatTemplate.of("{{ messages[0]['content'] }}", null);
    assertThrows(IllegalArgumentException.class, () -> new ChatTemplateEncoder(t, null, 8, 8));
    assertThrows(IllegalArgumentException.class, () -> new ChatTemplateEncoder(t, null, 8, -1));
  }
}

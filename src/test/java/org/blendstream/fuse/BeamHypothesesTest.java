package org.blendstream.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BeamHypothesesTest {

  @Test
  void scoreDividesByTheStatedLengthToThePenalty() {
    BeamHypotheses h = new BeamHypotheses(1, 1.0);
    h.add(new long[] {0, 5, 6, 7}, -4.0, 4); // -1.0 per token over 4
    h.add(new long[] {0, 8}, -2.2, 2); // -1.1: worse despite the smaller sum
    assertArrayEquals(new long[] {0, 5, 6, 7}, h.best());
  }

  @Test
  void keepsAtMostNumBeamsAndEvictsTheWorst() {
    BeamHypotheses h = new BeamHypotheses(2, 1.0);
    h.add(new long[] {0, 1}, -1.0, 2); // -0.5
    h.add(new long[] {0, 2}, -3.0, 2); // -1.5
    h.add(new long[] {0, 3}, -2.0, 2); // -1.0 evicts -1.5
    h.add(new long[] {0, 4}, -4.0, 2); // -2.0 not better than the worst kept: ignored
    assertEquals(2, h.size());
    assertArrayEquals(new long[] {0, 1}, h.best());
    assertTrue(h.isDone(-2.0, 2)); // best running -2.0/2 = -1.0 <= worst kept -1.0
    assertFalse(h.isDone(-1.0, 2)); // -0.5 could still beat -1.0
  }

  @Test
  void notDoneUntilFull() {
    BeamHypotheses h = new BeamHypotheses(2, 1.0);
    h.add(new long[] {0, 1}, -1.0, 2);
    assertFalse(h.isDone(-100.0, 5));
  }

  @Test
  void tiesGoToTheHypothesisAddedLast() {
    BeamHypotheses h = new BeamHypotheses(3, 1.0);
    h.add(new long[] {0, 1}, -1.0, 2);
    h.add(new long[] {0, 2}, -1.0, 2);
    assertArrayEquals(new long[] {0, 2}, h.best());
  }

  @Test
  void anOpenBeamScoredOverItsGeneratedTokensLosesToAClosedOneItWouldBeatCountingTheStart() {
    // At max_new_tokens transformers >= 4.47 divides an open beam by its generated tokens only
    // (4.30: with the start).
    BeamHypotheses h = new BeamHypotheses(1, 1.0);
    h.add(new long[] {0, 5, 6}, -2.1, 3); // closed by EOS: -0.7
    h.add(new long[] {0, 7, 8, 9}, -2.2, 3); // open at the limit: -0.733, would be -0.55 over 4
    assertArrayEquals(new long[] {0, 5, 6}, h.best());
  }
}

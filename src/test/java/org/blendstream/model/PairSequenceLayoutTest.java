package org.blendstream.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PairSequenceLayoutTest {

  // cls=2 sep=3 source=101 cand1=102 cand2=103; source max 8, total 30
  private final PairSequenceLayout layout = new PairSequenceLayout(2, 3, 101, 102, 103, 8, 30);

  private static long[] text(int n) {
    return LongStream.range(10, 10 + n).toArray();
  }

  @Test
  void sourcePieceCountsClsMarkerAndSepAgainstItsMaximum() {
    assertArrayEquals(new long[] {2, 101, 10, 11, 12, 13, 14, 3}, layout.sourcePiece(text(20)));
    assertArrayEquals(new long[] {2, 101, 10, 3}, layout.sourcePiece(text(1)));
  }

  @Test
  void shortSourceLeavesMoreRoomForCandidates() {
    assertEquals((30 - 8) / 2, layout.candidateBudget(layout.sourcePiece(text(20))));
    assertEquals((30 - 4) / 2, layout.candidateBudget(layout.sourcePiece(text(1))));
  }

  @Test
  void candidatePiecesAreCutToTheBudgetWithTheirOwnMarker() {
    assertArrayEquals(new long[] {2, 102, 10, 11, 3}, layout.candidate1Piece(text(9), 5));
    assertArrayEquals(new long[] {2, 103, 10, 11, 3}, layout.candidate2Piece(text(9), 5));
    assertArrayEquals(new long[] {2, 102, 3}, layout.candidate1Piece(text(9), 2));
  }

  @Test
  void pairNeverExceedsTheTotal() {
    long[] src = layout.sourcePiece(text(50));
    int budget = layout.candidateBudget(src);
    long[] pair =
        PairSequenceLayout.concat(
            src,
            layout.candidate1Piece(text(50), budget),
            layout.candidate2Piece(text(50), budget));
    assertEquals(30, pair.length);
  }

  @Test
  void rejectsLengthsWithNoRoomForText() {
    assertThrows(
        IllegalArgumentException.class, () -> new PairSequenceLayout(2, 3, 4, 5, 6, 2, 30));
  }
}

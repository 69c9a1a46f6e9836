package org.blendstream.model;

import java.util.List;

/**
 * One set tokenized once: the source piece, and every candidate as candidate 1 and as candidate 2, cut to the
 * budget this source leaves. Any ordered pair's sequence is then assembled from these pieces without tokenizing
 * again. The scorer and the trainer both build their sequences here, so training sees exactly what inference sees.
 */
public final class PairPieces {

  private final long[] source;
  private final long[][] asFirst;
  private final long[][] asSecond;
  private final int[] tokens;

  private PairPieces(long[] source, long[][] asFirst, long[][] asSecond, int[] tokens) {
    this.source = source;
    this.asFirst = asFirst;
    this.asSecond = asSecond;
    this.tokens = tokens;
  }

  public static PairPieces of(PairTextEncoder encoder, PairSequenceLayout layout, String source,
                              List<String> candidates) {
    long[] sourcePiece = layout.sourcePiece(encoder.encode(source));
    int budget = layout.candidateBudget(sourcePiece);
    int n = candidates.size();
    long[][] asFirst = new long[n][];
    long[][] asSecond = new long[n][];
    int[] tokens = new int[n];
    for (int i = 0; i < n; i++) {
      long[] ids = encoder.encode(candidates.get(i));
      asFirst[i] = layout.candidate1Piece(ids, budget);
      asSecond[i] = layout.candidate2Piece(ids, budget);
      tokens[i] = ids.length;
    }
    return new PairPieces(sourcePiece, asFirst, asSecond, tokens);
  }

  public int size() {
    return asFirst.length;
  }

  /** The full sequence with {@code first} as candidate 1 and {@code second} as candidate 2. */
  public PairRow sequence(int first, int second) {
    return new PairRow(PairSequenceLayout.concat(source, asFirst[first], asSecond[second]), tokens[first],
        tokens[second]);
  }
}

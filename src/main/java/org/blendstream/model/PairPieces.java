package org.blendstream.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One set tokenized once: the source piece, and every candidate as candidate 1 and as candidate 2,
 * cut to the budget this source leaves. Any ordered pair's sequence is then assembled from these
 * pieces without tokenizing again; a text that appears twice is tokenized once, and its copies are
 * named by {@link #canonical(int)}. The scorer and the trainer both build their sequences here, so
 * training sees exactly what inference sees.
 */
public final class PairPieces {

  private final long[] source;
  private final long[][] asFirst;
  private final long[][] asSecond;
  private final int[] tokens;
  private final int[] canonical;

  private PairPieces(
      long[] source, long[][] asFirst, long[][] asSecond, int[] tokens, int[] canonical) {
    this.source = source;
    this.asFirst = asFirst;
    this.asSecond = asSecond;
    this.tokens = tokens;
    this.canonical = canonical;
  }

  public static PairPieces of(
      PairTextEncoder encoder, PairSequenceLayout layout, String source, List<String> candidates) {
    long[] sourcePiece = layout.sourcePiece(encoder.encode(source));
    int budget = layout.candidateBudget(sourcePiece);
    int n = candidates.size();
    long[][] asFirst = new long[n][];
    long[][] asSecond = new long[n][];
    int[] tokens = new int[n];
    int[] canonical = new int[n];
    Map<String, Integer> firstWithText = new HashMap<>();
    for (int i = 0; i < n; i++) {
      int at = i;
      canonical[i] = firstWithText.computeIfAbsent(candidates.get(i), text -> at);
      if (canonical[i] != i) {
        asFirst[i] = asFirst[canonical[i]];
        asSecond[i] = asSecond[canonical[i]];
        tokens[i] = tokens[canonical[i]];
        continue;
      }
      long[] ids = encoder.encode(candidates.get(i));
      asFirst[i] = layout.candidate1Piece(ids, budget);
      asSecond[i] = layout.candidate2Piece(ids, budget);
      tokens[i] = ids.length;
    }
    return new PairPieces(sourcePiece, asFirst, asSecond, tokens, canonical);
  }

  public int size() {
    return asFirst.length;
  }

  /**
   * The first candidate whose text equals candidate {@code i}'s: identical texts are tokenized
   * once.
   */
  public int canonical(int i) {
    return canonical[i];
  }

  /** The full sequence with {@code first} as candidate 1 and {@code second} as candidate 2. */
  public PairRow sequence(int first, int second) {
    return new PairRow(
        PairSequenceLayout.concat(source, asFirst[first], asSecond[second]),
        tokens[first],
        tokens[second]);
  }
}

package org.blendstream.model;

import java.util.Arrays;

/**
 * PairRM's input layout, built from token ids that were encoded once per text: {@code [CLS]
 * <|source|> src [SEP] [CLS] <|candidate1|> c_i [SEP] [CLS] <|candidate2|> c_j [SEP]}.
 *
 * <p>Each piece counts its own [CLS], marker and [SEP] against its budget, as {@code
 * tokenizer.encode(prefix + text, max_length=…)} does in PairRM-hf. The source piece is cut to
 * {@code source_max_length}; each candidate piece may then use {@code (max_total_length −
 * len(source piece)) / 2} tokens, so a short source leaves more room for the candidates. That
 * budget depends on this set's source alone: the original collator's batch-dependent budget is
 * deliberately not reproduced, so a pair's ids never change with what else is in the batch.
 */
public final class PairSequenceLayout {

  /** [CLS], marker and [SEP] around every piece. */
  static final int PIECE_OVERHEAD = 3;

  private final long cls;
  private final long sep;
  private final long sourceMarker;
  private final long candidate1Marker;
  private final long candidate2Marker;
  private final int sourceMaxLength;
  private final int maxTotalLength;

  public PairSequenceLayout(
      long cls,
      long sep,
      long sourceMarker,
      long candidate1Marker,
      long candidate2Marker,
      int sourceMaxLength,
      int maxTotalLength) {
    if (sourceMaxLength < PIECE_OVERHEAD || maxTotalLength < sourceMaxLength + 2 * PIECE_OVERHEAD) {
      throw new IllegalArgumentException(
          "source_max_length "
              + sourceMaxLength
              + " and max_total_length "
              + maxTotalLength
              + " leave no room for text");
    }
    this.cls = cls;
    this.sep = sep;
    this.sourceMarker = sourceMarker;
    this.candidate1Marker = candidate1Marker;
    this.candidate2Marker = candidate2Marker;
    this.sourceMaxLength = sourceMaxLength;
    this.maxTotalLength = maxTotalLength;
  }

  /**
   * The layout a manifest describes; max_total_length defaults to source + 2 × candidate max, as in
   * PairRM.
   */
  public static PairSequenceLayout of(ModelManifest m) {
    if (m.sourceMaxLength() == null) {
      throw new IllegalArgumentException("blendstream-model.json has no source_max_length");
    }
    Integer total = m.maxTotalLength();
    if (total == null) {
      if (m.candidateMaxLength() == null) {
        throw new IllegalArgumentException(
            "blendstream-model.json needs max_total_length or candidate_max_length");
      }
      total = m.sourceMaxLength() + 2 * m.candidateMaxLength();
    }
    return new PairSequenceLayout(
        m.tokenId("cls"),
        m.tokenId("sep"),
        m.tokenId("source"),
        m.tokenId("candidate1"),
        m.tokenId("candidate2"),
        m.sourceMaxLength(),
        total);
  }

  public long[] sourcePiece(long[] sourceText) {
    return piece(sourceMarker, sourceText, sourceMaxLength);
  }

  /** Tokens each candidate piece may use next to this source piece, overhead included. */
  public int candidateBudget(long[] sourcePiece) {
    return (maxTotalLength - sourcePiece.length) / 2;
  }

  public long[] candidate1Piece(long[] candidateText, int budget) {
    return piece(candidate1Marker, candidateText, budget);
  }

  public long[] candidate2Piece(long[] candidateText, int budget) {
    return piece(candidate2Marker, candidateText, budget);
  }

  public static long[] concat(long[] source, long[] first, long[] second) {
    long[] out = Arrays.copyOf(source, source.length + first.length + second.length);
    System.arraycopy(first, 0, out, source.length, first.length);
    System.arraycopy(second, 0, out, source.length + first.length, second.length);
    return out;
  }

  private long[] piece(long marker, long[] text, int budget) {
    int keep = Math.max(0, Math.min(text.length, budget - PIECE_OVERHEAD));
    long[] out = new long[keep + PIECE_OVERHEAD];
    out[0] = cls;
    out[1] = marker;
    System.arraycopy(text, 0, out, 2, keep);
    out[out.length - 1] = sep;
    return out;
  }
}

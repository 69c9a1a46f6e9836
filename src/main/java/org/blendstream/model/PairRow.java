package org.blendstream.model;

/**
 * One pair as a model reads it: the assembled id sequence, plus how many tokens each candidate had
 * before it was cut to the length budget. The cut hides how long an answer is, and the judges our
 * users calibrate against reward length, so a model may read the full lengths beside the ids; the
 * TorchScript PairRanker ignores them.
 */
public record PairRow(long[] ids, int firstTokens, int secondTokens) {

  /**
   * A row whose candidates' full lengths are unknown or irrelevant (golden id sequences in parity
   * tests).
   */
  public static PairRow of(long[] ids) {
    return new PairRow(ids, 0, 0);
  }
}

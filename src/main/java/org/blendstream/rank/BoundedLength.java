package org.blendstream.rank;

import org.blendstream.avro.CandidateSet;

/**
 * Length as a bounded signal: {@code ln(1 + min(words, 2048))} over {@link WordTokens}. Judges reward length, but only
 * up to what an answer can usefully hold; past the cap every answer looks the same, so a megabyte of junk gains at
 * most {@code ln(2049 / (1 + w))} over a real answer of {@code w} words. {@link LongestRanker} stays unbounded: it is
 * the papers' baseline.
 */
public final class BoundedLength implements CandidateSignal {

  public static final String NAME = "length";
  /** A few pages of text: longer than nearly every real answer in the judged data. */
  public static final int CAP_WORDS = 2048;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double[] score(CandidateSet set) {
    return set.getCandidates().stream()
        .mapToDouble(c -> Math.log1p(Math.min(WordTokens.count(c.getText()), CAP_WORDS))).toArray();
  }
}

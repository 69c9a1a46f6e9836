package org.blendstream.rank;

import org.blendstream.avro.CandidateSet;

/**
 * Length as a bounded signal over {@link WordTokens}: {@code ln(1 + w)} up to 2,048 words, flat to
 * 8,192, then {@code ln(1 + 2048 · (8192 / w)²)}, falling fast. Judges reward length, but only up
 * to what an answer can usefully hold; past the cap every answer looks the same. Past 8,192 words
 * (twice the longest of the 35,780 judged AlpacaEval answers, 4,080) length is evidence of a fault,
 * a loop or a dump, not of effort: a megabyte of junk (some 160,000 words) then scores like an
 * answer of five words, so it cannot win on length even in a set of two, where agreement says
 * nothing. {@link LongestRanker} stays unbounded: it is the papers' baseline.
 */
public final class BoundedLength implements WordSignal {

  public static final String NAME = "length";

  /** A few pages of text: longer than nearly every real answer in the judged data. */
  public static final int CAP_WORDS = 2048;

  /** Beyond this, the longer the answer, the lower its score. */
  public static final int IMPLAUSIBLE_WORDS = 8192;

  @Override
  public String name() {
    return NAME;
  }

  /** Alone, it only counts: no vocabulary. */
  @Override
  public double[] score(CandidateSet set) {
    return set.getCandidates().stream()
        .mapToDouble(c -> of(WordTokens.count(c.getText())))
        .toArray();
  }

  @Override
  public double[] score(SetWords words) {
    double[] out = new double[words.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = of(words.count(i));
    }
    return out;
  }

  static double of(long words) {
    double past = (double) IMPLAUSIBLE_WORDS / words;
    double effective =
        words <= IMPLAUSIBLE_WORDS ? Math.min(words, CAP_WORDS) : CAP_WORDS * past * past;
    return Math.log1p(effective);
  }
}

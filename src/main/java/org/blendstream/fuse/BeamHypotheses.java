package org.blendstream.fuse;

import java.util.ArrayList;
import java.util.List;

/**
 * The finished hypotheses of one input in beam search, kept as Hugging Face's {@code
 * BeamHypotheses} (transformers 4.47) keeps them: at most {@code numBeams}, scored {@code
 * sum_logprobs / length**length_penalty} with the length the caller states (see {@link
 * BeamSearchDecoder}); the worst is evicted when a better one arrives. Scores are doubles, as HF
 * computes them from {@code tensor.item()}.
 */
final class BeamHypotheses {

  private record Hypothesis(double score, long[] tokens) {}

  private final int numBeams;
  private final double lengthPenalty;
  private final List<Hypothesis> beams = new ArrayList<>();
  private double worstScore = 1e9;

  BeamHypotheses(int numBeams, double lengthPenalty) {
    this.numBeams = numBeams;
    this.lengthPenalty = lengthPenalty;
  }

  int size() {
    return beams.size();
  }

  void add(long[] tokens, double sumLogprobs, int length) {
    double score = sumLogprobs / Math.pow(length, lengthPenalty);
    if (beams.size() < numBeams || score > worstScore) {
      beams.add(new Hypothesis(score, tokens));
      if (beams.size() > numBeams) {
        // HF sorts (score, index) pairs: the lowest score goes, the earliest one on ties.
        int worst = 0;
        for (int i = 1; i < beams.size(); i++) {
          if (beams.get(i).score() < beams.get(worst).score()) {
            worst = i;
          }
        }
        beams.remove(worst);
        worstScore = beams.stream().mapToDouble(Hypothesis::score).min().orElseThrow();
      } else {
        worstScore = Math.min(score, worstScore);
      }
    }
  }

  /**
   * HF's {@code early_stopping=False} heuristic, the default of {@code generate()}: done once full
   * and the worst kept score is at least the best running score divided by {@code
   * cur_len**length_penalty}.
   */
  boolean isDone(double bestSumLogprobs, int curLen) {
    if (beams.size() < numBeams) {
      return false;
    }
    return worstScore >= bestSumLogprobs / Math.pow(curLen, lengthPenalty);
  }

  /** The highest score; on ties the one added last, as {@code sorted(...).pop()} picks it. */
  long[] best() {
    Hypothesis best = beams.get(0);
    for (Hypothesis h : beams) {
      if (h.score() >= best.score()) {
        best = h;
      }
    }
    return best.tokens();
  }
}

package org.blendstream.rank;

import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.model.SentenceEncoder;

/**
 * Minimum-Bayes-risk consensus with a semantic similarity: each candidate's mean cosine to the
 * other candidates of its set, of their sentence embeddings (candidate text only). N encodes per
 * set, not N² pair passes; 0 for a set of one. The encoder is shared and owned by whoever built it:
 * closing this signal leaves it open.
 */
public final class EmbeddingConsensus implements CandidateSignal {

  public static final String NAME = "consensus-embedding";

  private final SentenceEncoder encoder;

  public EmbeddingConsensus(SentenceEncoder encoder) {
    this.encoder = encoder;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double[] score(CandidateSet set) {
    int n = set.getCandidates().size();
    double[] scores = new double[n];
    if (n < 2) {
      return scores;
    }
    float[][] e = encoder.embed(set.getCandidates().stream().map(Candidate::getText).toList());
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double cos = dot(e[i], e[j]);
        scores[i] += cos;
        scores[j] += cos;
      }
    }
    for (int i = 0; i < n; i++) {
      scores[i] /= n - 1;
    }
    return scores;
  }

  static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      sum += (double) a[k] * b[k];
    }
    return sum;
  }
}

package org.blendstream.rank;

/**
 * An ordered pair of candidate indices: {@code first} is read as candidate 1, {@code second} as
 * candidate 2.
 */
public record CandidatePair(int first, int second) {}

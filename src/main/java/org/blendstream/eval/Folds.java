package org.blendstream.eval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits instructions into K folds by a seeded hash of their id, so a fold never depends on file
 * order, the same instruction always lands in the same fold for a seed, and two files merged split
 * as one.
 */
public final class Folds {

  public static final long DEFAULT_SEED = 0L;

  private final int k;
  private final long seed;

  public Folds(int k, long seed) {
    if (k < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + k);
    }
    this.k = k;
    this.seed = seed;
  }

  public int k() {
    return k;
  }

  public long seed() {
    return seed;
  }

  /** SHA-256 of {@code seed:id}, as an unsigned number mod K. */
  public int of(String id) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest((seed + ":" + id).getBytes(StandardCharsets.UTF_8));
      return new java.math.BigInteger(1, h).mod(java.math.BigInteger.valueOf(k)).intValue();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
  }

  public <T> List<T> held(List<T> items, java.util.function.Function<T, String> id, int fold) {
    List<T> out = new ArrayList<>();
    for (T t : items) {
      if (of(id.apply(t)) == fold) {
        out.add(t);
      }
    }
    return out;
  }

  public <T> List<T> training(List<T> items, java.util.function.Function<T, String> id, int fold) {
    List<T> out = new ArrayList<>();
    for (T t : items) {
      if (of(id.apply(t)) != fold) {
        out.add(t);
      }
    }
    return out;
  }
}

package org.blendstream.rank;

import java.util.Locale;

/** Looks an aggregation up by the name used in config and in requests. */
public final class Aggregations {

  private Aggregations() {}

  public static Aggregation byName(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (key) {
      case MaxLogits.NAME -> new MaxLogits();
      case MaxWins.NAME -> new MaxWins();
      case Bubble.NAME -> new Bubble();
      default ->
          throw new IllegalArgumentException(
              "unknown aggregation '" + name + "': use maxlogits, maxwins or bubble");
    };
  }
}

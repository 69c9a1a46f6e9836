package org.blendstream.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Preference pairs, one JSON object per line (optionally gzipped): {@code {"id", "prompt", "a",
 * "b", "label"}} with label {@code a}, {@code b} or {@code tie}, and an optional {@code scenario}
 * or {@code subset} that groups pairs for the breakdown (the shape of PairRM's Auto-J, HHH and
 * MT-Bench numbers).
 */
public final class PairwiseDataset {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The group of a pair that names neither a scenario nor a subset. */
  public static final String NO_GROUP = "(none)";

  public enum Label {
    A,
    B,
    TIE
  }

  /** {@code group} is the scenario, else the subset, else {@link #NO_GROUP}. */
  public record Pair(String id, String prompt, String a, String b, Label label, String group) {}

  private PairwiseDataset() {}

  /**
   * Every file's pairs, in file order; an id in two places is an error, since it would count twice.
   */
  public static List<Pair> readAll(List<Path> files) {
    List<Pair> all = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Path file : files) {
      for (Pair p : read(file)) {
        if (!ids.add(p.id())) {
          throw new IllegalArgumentException(
              "pair " + p.id() + " occurs twice (last in " + file + ")");
        }
        all.add(p);
      }
    }
    return all;
  }

  public static List<Pair> read(Path file) {
    List<Pair> pairs = new ArrayList<>();
    try (BufferedReader r = DatasetFormat.reader(file)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (!line.isBlank()) {
          pairs.add(parse(JSON.readTree(line), file, n));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read pairwise dataset " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    return pairs;
  }

  private static Pair parse(JsonNode o, Path file, int line) {
    String where = file + " line " + line;
    String label = text(o, "label", where).toLowerCase(Locale.ROOT);
    Label parsed =
        switch (label) {
          case "a" -> Label.A;
          case "b" -> Label.B;
          case "tie" -> Label.TIE;
          default ->
              throw new IllegalArgumentException(
                  where + ": label is '" + label + "'; it must be a, b or tie");
        };
    String group =
        o.hasNonNull("scenario")
            ? o.get("scenario").asText()
            : o.hasNonNull("subset") ? o.get("subset").asText() : NO_GROUP;
    return new Pair(
        text(o, "id", where),
        text(o, "prompt", where),
        text(o, "a", where),
        text(o, "b", where),
        parsed,
        group);
  }

  private static String text(JsonNode o, String field, String where) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(
          where + ": the pair has no '" + field + "' (a pair needs id, prompt, a, b," + " label)");
    }
    return v.asText();
  }
}

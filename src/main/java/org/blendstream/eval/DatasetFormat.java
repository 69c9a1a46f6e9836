package org.blendstream.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The three kinds of file {@code eval} reads, told apart by the fields of the first record, so a
 * user never has to say which it is; {@code --format} overrides the guess. A file that matches none
 * is refused with the fields it has and the fields each format needs.
 */
public enum DatasetFormat {
  /** AlpacaEval-style: candidates with a judge's {@code win} (see JudgedDataset). */
  JUDGED("id, instruction, candidates[{model, text, win}]"),
  /** Preference pairs: {@code {id, prompt, a, b, label}} (see PairwiseDataset). */
  PAIRWISE("id, prompt, a, b, label (a|b|tie), optional scenario or subset"),
  /**
   * LLM-Blender's MixInstruct: candidates with scores and ChatGPT's {@code cmp_results} (see
   * MixInstruct).
   */
  MIXINSTRUCT("id, instruction, input, output, candidates[{model, text, scores}], cmp_results");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String fields;

  DatasetFormat(String fields) {
    this.fields = fields;
  }

  public String fields() {
    return fields;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code auto}, or a format by its lower-case name. */
  public static DatasetFormat parse(String name, Path file) {
    if (name == null || name.equals("auto")) {
      return detect(file);
    }
    for (DatasetFormat f : values()) {
      if (f.label().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown --format '" + name + "'; choose auto, judged, pairwise or mixinstruct");
  }

  /** The format whose fields the first record has. */
  public static DatasetFormat detect(Path file) {
    JsonNode first = firstRecord(file);
    if (first == null) {
      throw new IllegalArgumentException("dataset " + file + " holds no record");
    }
    if (first.has("a") && first.has("b") && first.has("label")) {
      return PAIRWISE;
    }
    if (first.has("cmp_results")) {
      return MIXINSTRUCT;
    }
    JsonNode candidates = first.path("candidates");
    if (candidates.isArray() && !candidates.isEmpty() && candidates.get(0).has("win")) {
      return JUDGED;
    }
    List<String> names = new ArrayList<>();
    first.fieldNames().forEachRemaining(names::add);
    StringBuilder msg =
        new StringBuilder("cannot tell the format of ")
            .append(file)
            .append(": its first record has fields ")
            .append(names)
            .append("; ");
    for (DatasetFormat f : values()) {
      msg.append(f.label()).append(" needs ").append(f.fields()).append("; ");
    }
    throw new IllegalArgumentException(msg.append("or name one with --format").toString());
  }

  /**
   * The first object of a JSON-lines file, or of a top-level JSON array (MixInstruct ships both).
   */
  static JsonNode firstRecord(Path file) {
    try (BufferedReader r = reader(file)) {
      if (startsWithArray(r)) {
        try (var parser = JSON.getFactory().createParser(r)) {
          parser.nextToken();
          return parser.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT
              ? JSON.readTree(parser)
              : null;
        }
      }
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          return JSON.readTree(line);
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dataset " + file.toAbsolutePath(), e);
    }
  }

  /**
   * Whether the text holds one top-level JSON array rather than JSON lines; the reader is left
   * where it was.
   */
  static boolean startsWithArray(BufferedReader r) throws IOException {
    r.mark(1 << 16);
    int c;
    do {
      c = r.read();
    } while (c != -1 && Character.isWhitespace(c));
    r.reset();
    return c == '[';
  }

  static BufferedReader reader(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }
}

package org.blendstream.eval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the judged-candidates format of the AlpacaEval-derived data (one JSON object per line,
 * optionally gzipped): an instruction, a reference, and candidates with a judge's {@code win}
 * score. {@code produce}, {@code demo} and {@code eval} all read it through here.
 */
public final class JudgedDataset {

  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String BUNDLED_SAMPLE = "/samples/alpacaeval-sample.jsonl.gz";

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Item(
      String id, String instruction, String dataset, String reference, List<Judged> candidates) {

    /** The first candidate of each model, as a model → candidate map in file order. */
    public Map<String, Judged> byModel() {
      Map<String, Judged> m = new LinkedHashMap<>();
      candidates.forEach(c -> m.putIfAbsent(c.model(), c));
      return m;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Judged(String model, String text, double win) {}

  private JudgedDataset() {}

  public static List<Item> read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString().endsWith(".gz"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dataset " + file.toAbsolutePath(), e);
    }
  }

  /**
   * Every file's instructions, merged; an id in two files is an error, since it would count twice.
   */
  public static List<Item> readAll(List<Path> files) {
    Map<String, Path> seen = new HashMap<>();
    List<Item> all = new ArrayList<>();
    for (Path file : files) {
      for (Item item : read(file)) {
        Path first = seen.putIfAbsent(item.id(), file);
        if (first != null) {
          throw new IllegalArgumentException(
              "instruction " + item.id() + " is in both " + first + " and " + file);
        }
        all.add(item);
      }
    }
    return all;
  }

  /**
   * The sample shipped inside the jar, so that a fresh clone can run the demo without ../shared.
   */
  public static List<Item> bundledSample() {
    try (InputStream in = JudgedDataset.class.getResourceAsStream(BUNDLED_SAMPLE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the bundled sample " + BUNDLED_SAMPLE + " is missing from the classpath");
      }
      return read(in, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Item> read(InputStream raw, boolean gzipped) throws IOException {
    List<Item> items = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                gzipped ? new GZIPInputStream(raw) : raw, StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          items.add(JSON.readValue(line, Item.class));
        } catch (IOException e) {
          throw new IOException("line " + n + " is not a dataset item: " + e.getMessage(), e);
        }
      }
    }
    return items;
  }
}

package org.blendstream.rank;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The ensemble's linear head, as a small versioned file: one weight per signal, and whether the
 * signal is standardised within its set first. Standardising makes a term mean "better than its
 * siblings", so one weight serves sets of any size and any spread; the prior is left raw because
 * its scale is already a strength.
 */
@JsonPropertyOrder({"format", "version", "terms", "provenance"})
public record EnsembleWeights(
    @JsonProperty("format") String format,
    @JsonProperty("version") String version,
    @JsonProperty("terms") List<Term> terms,
    @JsonProperty("provenance") Map<String, Object> provenance) {

  public static final String FORMAT = "blendstream-ensemble";

  /**
   * Inside the jar: the weights fitted on the AlpacaEval train and dev instructions, see its
   * provenance.
   */
  public static final String SHIPPED = "/ensemble/ensemble.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .enable(SerializationFeature.INDENT_OUTPUT);

  @JsonPropertyOrder({"signal", "weight", "standardize"})
  public record Term(
      @JsonProperty("signal") String signal,
      @JsonProperty("weight") double weight,
      @JsonProperty("standardize") boolean standardize) {}

  public EnsembleWeights {
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException(
          "not an ensemble file: format is '" + format + "', expected " + FORMAT);
    }
    if (terms == null || terms.isEmpty()) {
      throw new IllegalArgumentException("an ensemble needs at least one term");
    }
    terms = List.copyOf(terms);
    provenance =
        provenance == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
  }

  public List<String> signals() {
    return terms.stream().map(Term::signal).toList();
  }

  public static EnsembleWeights read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("cannot read ensemble file " + file + " (no such file)");
    }
    try {
      return JSON.readValue(file.toFile(), EnsembleWeights.class);
    } catch (IOException e) {
      // Jackson wraps the constructor's own reason in location details a user does not need.
      Throwable reason = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new IllegalArgumentException(
          "cannot read ensemble file " + file + ": " + reason.getMessage(), reason);
    }
  }

  public static EnsembleWeights shipped() {
    try (InputStream in = EnsembleWeights.class.getResourceAsStream(SHIPPED)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + SHIPPED);
      }
      return JSON.readValue(in, EnsembleWeights.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SHIPPED, e);
    }
  }

  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    JSON.writeValue(file.toFile(), this);
  }
}

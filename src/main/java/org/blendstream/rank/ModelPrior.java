package org.blendstream.rank;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.blendstream.avro.CandidateSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fitted per-model prior and the small versioned JSON file it lives in:
 *
 * <pre>
 * {"format":"blendstream-model-prior","version":1,"method":"bradley-terry","l2":1.0,"margin":0.1,
 *  "provenance":{"data":[…],"instructions":617,"fitted_at":"…","command":"…","attribution":"…"},
 *  "models":{"vicuna-13b":{"strength":0.31,"comparisons":1234},…}}</pre>
 *
 * Immutable and safe to share between stream threads. The offline fit ({@code eval/PriorFit}) makes
 * one from judged outcomes.
 */
public final class ModelPrior implements PriorSignal {

  private static final Logger LOG = LoggerFactory.getLogger(ModelPrior.class);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public static final String FORMAT = "blendstream-model-prior";
  public static final int VERSION = 1;

  /**
   * The prior that ships in the jar, fitted on the AlpacaEval train and dev splits; see its README.
   */
  public static final String SHIPPED_RESOURCE = "/prior/alpacaeval-prior.json";

  /**
   * One model's fitted strength and how many judged comparisons (or observations, for {@code mean})
   * it rests on.
   */
  public record Entry(double strength, long comparisons) {}

  /** Where the fit came from, so that a shipped file can be re-made and its license honoured. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Provenance(
      List<String> data,
      int instructions,
      @JsonProperty("fitted_at") String fittedAt,
      String command,
      String attribution) {
    public Provenance {
      data = data == null ? List.of() : List.copyOf(data);
    }
  }

  /** The file's shape; field order is the order written. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record FileForm(
      String format,
      int version,
      String method,
      double l2,
      double margin,
      Provenance provenance,
      Map<String, Entry> models) {}

  private final String method;
  private final double l2;
  private final double margin;
  private final Provenance provenance;
  private final Map<String, Entry> models;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /**
   * {@code models} in any order; they are kept strongest first, which is also how the file lists
   * them.
   */
  public ModelPrior(
      String method, double l2, double margin, Provenance provenance, Map<String, Entry> models) {
    this.method = method;
    this.l2 = l2;
    this.margin = margin;
    this.provenance = provenance;
    Map<String, Entry> sorted = new LinkedHashMap<>();
    models.entrySet().stream()
        .sorted(
            Map.Entry.<String, Entry>comparingByValue(
                    (a, b) -> Double.compare(b.strength(), a.strength()))
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    this.models = java.util.Collections.unmodifiableMap(sorted);
  }

  /** The same fit with other provenance (the command line adds its files and arguments). */
  public ModelPrior withProvenance(Provenance p) {
    return new ModelPrior(method, l2, margin, p, models);
  }

  @Override
  public OptionalDouble strength(String model) {
    Entry e = models.get(model);
    return e == null ? OptionalDouble.empty() : OptionalDouble.of(e.strength());
  }

  @Override
  public double[] score(CandidateSet set) {
    return set.getCandidates().stream()
        .mapToDouble(
            c -> {
              Entry e = models.get(c.getModel());
              if (e == null) {
                if (warned.add(c.getModel())) {
                  LOG.warn(
                      "model '{}' is not in the prior ({}); it gets the neutral prior 0",
                      c.getModel(),
                      version());
                }
                return 0;
              }
              return e.strength();
            })
        .toArray();
  }

  public Map<String, Entry> models() {
    return models;
  }

  public String method() {
    return method;
  }

  public double l2() {
    return l2;
  }

  public double margin() {
    return margin;
  }

  public Provenance provenance() {
    return provenance;
  }

  /**
   * What outputs carry as the ranker version: the method, the history's size and when it was
   * fitted.
   */
  public String version() {
    String when =
        provenance == null || provenance.fittedAt() == null ? "" : "@" + provenance.fittedAt();
    int n = provenance == null ? 0 : provenance.instructions();
    return method + "/" + n + when;
  }

  /** The prior in the jar. */
  public static ModelPrior shipped() {
    try (InputStream in = ModelPrior.class.getResourceAsStream(SHIPPED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the shipped prior " + SHIPPED_RESOURCE + " is missing from the classpath");
      }
      return read(in, SHIPPED_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SHIPPED_RESOURCE, e);
    }
  }

  /** {@code ranker.prior.file}: blank means the shipped prior. */
  public static ModelPrior load(String file) {
    return file == null || file.isBlank() ? shipped() : read(Path.of(file));
  }

  public static ModelPrior read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the prior file " + file.toAbsolutePath(), e);
    }
  }

  static ModelPrior read(InputStream in, String source) throws IOException {
    FileForm f = JSON.readValue(in, FileForm.class);
    if (!FORMAT.equals(f.format())) {
      throw new IllegalArgumentException(
          source
              + " is not a model prior: format is '"
              + f.format()
              + "', expected '"
              + FORMAT
              + "'");
    }
    if (f.version() != VERSION) {
      throw new IllegalArgumentException(
          source
              + " is a model prior of version "
              + f.version()
              + "; this blendstream reads version "
              + VERSION);
    }
    if (f.models() == null || f.models().isEmpty()) {
      throw new IllegalArgumentException(source + " holds no models");
    }
    return new ModelPrior(f.method(), f.l2(), f.margin(), f.provenance(), f.models());
  }

  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toJson() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the prior file " + file.toAbsolutePath(), e);
    }
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(
          new FileForm(FORMAT, VERSION, method, l2, margin, provenance, models));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package org.blendstream.rank;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Per-model strengths learned from a stream of feedback records, one record at a time. The stream's
 * prior updater and {@code eval --simulate-feedback} both run this class, so the simulation
 * measures the code that runs.
 *
 * <p>Each record is a map model → outcome in [0, 1] (a pairwise verdict is {winner: 1, loser: 0})
 * with a weight. Before a record is added, every statistic is multiplied by {@code
 * 0.5^(1/halfLife)}, so a record's influence halves every {@code halfLife} records and a model that
 * changes is followed. Then:
 *
 * <ul>
 *   <li>{@code bradley-terry}: the record's comparisons ({@link StrengthFit#comparisons}, same
 *       margin as the offline fit) add to decayed win counts, and the strengths are refitted by a
 *       few Newton steps from the last solution, with the offline fit's code ({@link
 *       StrengthFit#bradleyTerry}).
 *   <li>{@code mean}: decayed sums of each model's outcomes and counts, and a Beta posterior mean
 *       per model ({@link StrengthFit#shrunkStrength}).
 * </ul>
 *
 * The penalty (or the pseudo-observations) pull each model toward its warm-start strength, 0 for a
 * model without one: an unknown model starts neutral. Not thread-safe; its {@link State} is plain
 * data, for a changelogged store.
 */
public final class OnlineStrengths {

  /**
   * Newton steps per record; from the last solution, one record moves the optimum little, so a few
   * suffice.
   */
  public static final int NEWTON_STEPS = 4;

  public static final int DEFAULT_HALF_LIFE = 200;

  /**
   * @param halfLife records after which a record counts half; 0 or less: no decay
   * @param warmStart model → strength the fit starts from and is pulled toward (the shipped prior),
   *     or empty
   */
  public record Options(
      String method, double halfLife, double l2, double margin, Map<String, Double> warmStart) {
    public Options {
      new StrengthFit.Options(method, margin, l2);
      warmStart = warmStart == null ? Map.of() : Map.copyOf(warmStart);
    }

    public static Options of(String method, double halfLife, ModelPrior warmStart) {
      Map<String, Double> start = new LinkedHashMap<>();
      if (warmStart != null) {
        warmStart.models().forEach((model, e) -> start.put(model, e.strength()));
      }
      return new Options(
          method,
          halfLife,
          new StrengthFit.Options(method, StrengthFit.DEFAULT_MARGIN, null).l2OrDefault(),
          StrengthFit.DEFAULT_MARGIN,
          start);
    }

    double decay() {
      return halfLife > 0 ? Math.pow(0.5, 1 / halfLife) : 1;
    }
  }

  /**
   * Everything the strengths follow from, as plain arrays indexed like {@code models} (in order of
   * first feedback): {@code beat[i][j]} decayed wins of i over j, {@code sums}/{@code counts}
   * decayed outcome sums and counts, {@code feedback} the undecayed number of records that named
   * each model, {@code records} all records applied.
   */
  public record State(
      List<String> models,
      double[][] beat,
      double[] sums,
      double[] counts,
      long[] feedback,
      double[] strengths,
      long records) {
    public static State empty() {
      return new State(
          List.of(), new double[0][0], new double[0], new double[0], new long[0], new double[0], 0);
    }
  }

  private final Options options;
  private final double decay;
  private final List<String> models;
  private final Map<String, Integer> index = new LinkedHashMap<>();
  private double[][] beat;
  private double[] sums;
  private double[] counts;
  private long[] feedback;
  private double[] strengths;
  private long records;

  public OnlineStrengths(Options options) {
    this(options, State.empty());
  }

  public OnlineStrengths(Options options, State state) {
    this.options = options;
    this.decay = options.decay();
    this.models = new ArrayList<>(state.models());
    models.forEach(m -> index.put(m, index.size()));
    this.beat = copy(state.beat());
    this.sums = state.sums().clone();
    this.counts = state.counts().clone();
    this.feedback = state.feedback().clone();
    this.strengths = state.strengths().clone();
    this.records = state.records();
  }

  /** Adds one feedback record's outcomes (model → [0, 1]) with its weight, and refits. */
  public void apply(Map<String, Double> record, double weight) {
    // By name, whatever the map's order (Avro reads maps into hash maps): the models' indices, and
    // with them the
    // order of every floating-point sum, are then the same in the stream, after a restore and in
    // the simulation.
    Map<String, Double> outcomes = new TreeMap<>(record);
    outcomes.keySet().forEach(this::indexOf);
    int m = models.size();
    for (int i = 0; i < m; i++) {
      sums[i] *= decay;
      counts[i] *= decay;
      for (int j = 0; j < m; j++) {
        beat[i][j] *= decay;
      }
    }
    outcomes.forEach(
        (model, outcome) -> {
          int i = index.get(model);
          feedback[i]++;
          if (outcome != null && !outcome.isNaN()) {
            sums[i] += weight * outcome;
            counts[i] += weight;
          }
        });
    for (StrengthFit.Comparison c : StrengthFit.comparisons(outcomes, options.margin())) {
      beat[index.get(c.winner())][index.get(c.loser())] += weight;
    }
    records++;
    refit();
  }

  private void refit() {
    double[] centre = models.stream().mapToDouble(this::warmStart).toArray();
    if (StrengthFit.BRADLEY_TERRY.equals(options.method())) {
      strengths = StrengthFit.bradleyTerry(beat, options.l2(), centre, strengths, NEWTON_STEPS);
      return;
    }
    double total = Arrays.stream(sums).sum();
    double n = Arrays.stream(counts).sum();
    double overall = n > 0 ? total / n : 0.5;
    for (int i = 0; i < strengths.length; i++) {
      strengths[i] =
          StrengthFit.shrunkStrength(sums[i], counts[i], overall, options.l2(), centre[i]);
    }
  }

  private double warmStart(String model) {
    return options.warmStart().getOrDefault(model, 0.0);
  }

  private int indexOf(String model) {
    Integer i = index.get(model);
    if (i != null) {
      return i;
    }
    int n = models.size();
    models.add(model);
    index.put(model, n);
    double[][] grown = new double[n + 1][n + 1];
    for (int r = 0; r < n; r++) {
      System.arraycopy(beat[r], 0, grown[r], 0, n);
    }
    beat = grown;
    sums = Arrays.copyOf(sums, n + 1);
    counts = Arrays.copyOf(counts, n + 1);
    feedback = Arrays.copyOf(feedback, n + 1);
    strengths = Arrays.copyOf(strengths, n + 1);
    strengths[n] = warmStart(model);
    return n;
  }

  /** The model's strength: its warm start (or neutral 0) until feedback names it. */
  public OptionalDouble strength(String model) {
    Integer i = index.get(model);
    if (i != null) {
      return OptionalDouble.of(strengths[i]);
    }
    Double start = options.warmStart().get(model);
    return start == null ? OptionalDouble.empty() : OptionalDouble.of(start);
  }

  /** Model → strength for every model feedback has named, in order of first feedback. */
  public Map<String, Double> strengths() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < models.size(); i++) {
      out.put(models.get(i), strengths[i]);
    }
    return out;
  }

  /** Model → how many feedback records named it. */
  public Map<String, Long> feedbackCounts() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < models.size(); i++) {
      out.put(models.get(i), feedback[i]);
    }
    return out;
  }

  public long records() {
    return records;
  }

  public Options options() {
    return options;
  }

  /** A copy of everything, for the store; restoring it gives the same strengths, bit for bit. */
  public State state() {
    return new State(
        List.copyOf(models),
        copy(beat),
        sums.clone(),
        counts.clone(),
        feedback.clone(),
        strengths.clone(),
        records);
  }

  /**
   * The current strengths as a prior the rankers read; models feedback never named keep their warm
   * start.
   */
  public ModelPrior toPrior() {
    Map<String, ModelPrior.Entry> entries = new LinkedHashMap<>();
    options.warmStart().forEach((model, s) -> entries.put(model, new ModelPrior.Entry(s, 0)));
    for (int i = 0; i < models.size(); i++) {
      entries.put(models.get(i), new ModelPrior.Entry(strengths[i], feedback[i]));
    }
    return new ModelPrior(
        options.method(),
        options.l2(),
        options.margin(),
        new ModelPrior.Provenance(
            List.of(), (int) Math.min(Integer.MAX_VALUE, records), null, null, null),
        entries);
  }

  private static double[][] copy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }
}

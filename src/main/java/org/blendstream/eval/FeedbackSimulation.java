package org.blendstream.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.blendstream.avro.CandidateSet;
import org.blendstream.rank.BoundedLength;
import org.blendstream.rank.CandidateSignal;
import org.blendstream.rank.EnsembleRanker;
import org.blendstream.rank.EnsembleWeights;
import org.blendstream.rank.LexicalConsensus;
import org.blendstream.rank.ModelPrior;
import org.blendstream.rank.OnlineStrengths;
import org.blendstream.rank.PriorSignal;
import org.blendstream.rank.Ranking;
import org.blendstream.rank.StrengthFit;

/**
 * {@code eval --simulate-feedback}: what a deployment that learns its prior from feedback would
 * have answered. The judged sets are replayed in seeded orders; each set is ranked by the shipped
 * ensemble first, then, with probability {@code rate}, the judge's outcomes for it become one
 * feedback record, applied by the stream's own {@link OnlineStrengths}. Three priors rank the same
 * sets in the same order: none (every model neutral), the online one as it stood before each set,
 * and a static prior fitted on all of the sets at once (what a user with the whole history in
 * advance would have). Every segment of {@code segment} sets gets a win rate and a pair accuracy
 * per order, and each is reported as a mean over orders with a 95% t-interval.
 *
 * <p>With an upgrade {@code A=B@K}, model A's answers (text and judged win) are B's from the K-th
 * set of each order on, as when a deployment swaps a model for a better one; the report says how
 * many feedback records it took until A ranked first among the pool by its online strength.
 */
public final class FeedbackSimulation {

  public static final String NONE = "none";
  public static final String ONLINE = "online";
  public static final String STATIC = "static";
  public static final List<String> ARMS = List.of(NONE, ONLINE, STATIC);

  /** Model A answers with B's answers from set K (0-based position in each order) on. */
  public record Upgrade(String model, String replacement, int fromSet) {
    public static Upgrade parse(String spec) {
      int eq = spec.indexOf('=');
      int at = spec.lastIndexOf('@');
      if (eq <= 0 || at <= eq + 1 || at == spec.length() - 1) {
        throw new IllegalArgumentException(
            "--upgrade takes MODEL=REPLACEMENT@SET, e.g. alpaca-7b=claude-2@200, not '"
                + spec
                + "'");
      }
      return new Upgrade(
          spec.substring(0, eq),
          spec.substring(eq + 1, at),
          Integer.parseInt(spec.substring(at + 1)));
    }

    @Override
    public String toString() {
      return model + "=" + replacement + "@" + fromSet;
    }
  }

  public record Settings(
      double rate,
      int orders,
      int segment,
      String method,
      double halfLife,
      long seed,
      Upgrade upgrade) {
    public Settings {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("the feedback rate must lie in [0, 1], not " + rate);
      }
      if (orders < 2) {
        throw new IllegalArgumentException(
            "--orders must be at least 2 for an interval, not " + orders);
      }
      if (segment < 1) {
        throw new IllegalArgumentException("--segment must be at least 1, not " + segment);
      }
      new StrengthFit.Options(method, StrengthFit.DEFAULT_MARGIN, null);
    }
  }

  /** Mean over orders and its 95% t-interval. */
  public record Estimate(double mean, double low, double high) {}

  /** One segment of sets: its 1-based range and, per arm, win rate and pair accuracy (percent). */
  public record Segment(
      int from,
      int to,
      Map<String, Estimate> winRate,
      Map<String, Estimate> pairAccuracy,
      Estimate pairAccuracyGapOnlineStatic,
      Estimate winRateGapOnlineStatic) {}

  /**
   * @param recordsToFirst with an upgrade: per order, feedback records after set K until A ranked
   *     first (null: never)
   */
  public record Result(
      Settings settings,
      List<String> pool,
      int sets,
      List<Segment> segments,
      List<Integer> recordsToFirst,
      Map<String, Double> staticStrengths) {}

  private final List<PoolSet> sets;
  private final Map<String, PoolSet> upgraded;
  private final List<String> pool;
  private final EnsembleWeights weights;
  private final Map<String, CandidateSignal> signals = new HashMap<>();

  /**
   * @param items the judged file(s)
   * @param pool the models every set must have; with an upgrade, sets must also have the
   *     replacement's answer
   */
  public FeedbackSimulation(List<JudgedDataset.Item> items, List<String> pool, Upgrade upgrade) {
    this.pool = List.copyOf(pool);
    List<String> needed = new ArrayList<>(pool);
    if (upgrade != null) {
      if (!pool.contains(upgrade.model())) {
        throw new IllegalArgumentException(
            "the upgraded model " + upgrade.model() + " is not in the pool " + pool);
      }
      needed.add(upgrade.replacement());
    }
    Map<String, JudgedDataset.Item> byId = new HashMap<>();
    items.forEach(i -> byId.put(i.id(), i));
    this.sets =
        PoolSet.complete(items, needed).stream()
            .map(s -> PoolSet.complete(List.of(byId.get(s.id())), pool).get(0))
            .toList();
    this.upgraded = new HashMap<>();
    if (upgrade != null) {
      List<String> swapped =
          pool.stream().map(m -> m.equals(upgrade.model()) ? upgrade.replacement() : m).toList();
      for (PoolSet s : sets) {
        PoolSet b = PoolSet.complete(List.of(byId.get(s.id())), swapped).get(0);
        // Same models as the pool (A keeps its name), B's text and win in A's place; its own id for
        // the memo.
        CandidateSet set =
            EvalSets.of(
                s.id() + "#upgraded",
                s.set().getRequest().getInstruction(),
                null,
                null,
                pool,
                b.set().getCandidates().stream().map(c -> c.getText()).toList());
        upgraded.put(s.id(), new PoolSet(s.id() + "#upgraded", set, b.wins()));
      }
    }
    this.weights = EnsembleWeights.shipped();
    // The training-free signals do not depend on the order; each set pays for them once.
    signals.put(BoundedLength.NAME, new MemoizedSignal(new BoundedLength()));
    signals.put(LexicalConsensus.NAME, new MemoizedSignal(new LexicalConsensus()));
  }

  public int size() {
    return sets.size();
  }

  public Result run(Settings settings, Consumer<String> progress) {
    Upgrade upgrade = settings.upgrade();
    ModelPrior fittedOnAll =
        PriorFit.fit(
            sets.stream().map(FeedbackSimulation::outcomes).toList(),
            new StrengthFit.Options(settings.method(), StrengthFit.DEFAULT_MARGIN, null));
    int n = sets.size();
    int segments = (n + settings.segment() - 1) / settings.segment();
    // [arm][order][segment]: summed win, sets, correct pairs, pairs
    double[][][][] tally = new double[ARMS.size()][settings.orders()][segments][4];
    List<Integer> recordsToFirst = new ArrayList<>();
    for (int o = 0; o < settings.orders(); o++) {
      List<PoolSet> order = new ArrayList<>(sets);
      Collections.shuffle(order, new Random(settings.seed() + o));
      Random coin = new Random(settings.seed() * 31 + o);
      OnlineStrengths online =
          new OnlineStrengths(
              OnlineStrengths.Options.of(settings.method(), settings.halfLife(), null));
      Integer firstAfter = null;
      int recordsSinceUpgrade = 0;
      for (int k = 0; k < n; k++) {
        PoolSet s =
            upgrade != null && k >= upgrade.fromSet()
                ? upgraded.get(order.get(k).id())
                : order.get(k);
        int seg = k / settings.segment();
        score(tally[0][o][seg], s, NEUTRAL);
        score(tally[1][o][seg], s, (Strengths) online::strength);
        score(tally[2][o][seg], s, (Strengths) fittedOnAll::strength);
        if (coin.nextDouble() < settings.rate()) {
          online.apply(outcomes(s), 1.0);
          if (upgrade != null && k >= upgrade.fromSet()) {
            recordsSinceUpgrade++;
            if (firstAfter == null && ranksFirst(online, upgrade.model())) {
              firstAfter = recordsSinceUpgrade;
            }
          }
        }
      }
      recordsToFirst.add(firstAfter);
      progress.accept("order " + (o + 1) + "/" + settings.orders() + " done");
    }
    List<Segment> out = new ArrayList<>();
    for (int seg = 0; seg < segments; seg++) {
      Map<String, Estimate> win = new LinkedHashMap<>();
      Map<String, Estimate> acc = new LinkedHashMap<>();
      for (int a = 0; a < ARMS.size(); a++) {
        double[] w = new double[settings.orders()];
        double[] p = new double[settings.orders()];
        for (int o = 0; o < settings.orders(); o++) {
          double[] t = tally[a][o][seg];
          w[o] = 100 * t[0] / t[1];
          p[o] = 100 * t[2] / Math.max(1, t[3]);
        }
        win.put(ARMS.get(a), estimate(w));
        acc.put(ARMS.get(a), estimate(p));
      }
      double[] accGap = new double[settings.orders()];
      double[] winGap = new double[settings.orders()];
      for (int o = 0; o < settings.orders(); o++) {
        double[] on = tally[1][o][seg];
        double[] st = tally[2][o][seg];
        accGap[o] = 100 * (on[2] / Math.max(1, on[3]) - st[2] / Math.max(1, st[3]));
        winGap[o] = 100 * (on[0] / on[1] - st[0] / st[1]);
      }
      int from = seg * settings.segment() + 1;
      out.add(
          new Segment(
              from,
              Math.min(n, from + settings.segment() - 1),
              win,
              acc,
              estimate(accGap),
              estimate(winGap)));
    }
    Map<String, Double> fitted = new LinkedHashMap<>();
    fittedOnAll.models().forEach((m, e) -> fitted.put(m, e.strength()));
    return new Result(settings, pool, n, out, upgrade == null ? List.of() : recordsToFirst, fitted);
  }

  private static boolean ranksFirst(OnlineStrengths online, String model) {
    Map<String, Double> s = online.strengths();
    double mine = s.getOrDefault(model, 0.0);
    return s.entrySet().stream().noneMatch(e -> !e.getKey().equals(model) && e.getValue() >= mine);
  }

  private void score(double[] tally, PoolSet s, PriorSignal prior) {
    Map<String, CandidateSignal> withPrior = new HashMap<>(signals);
    withPrior.put(PriorSignal.NAME, prior);
    Ranking ranking = new EnsembleRanker(weights, withPrior).rank(s.set());
    double[] pair = RankAgreement.pairAgreement(ranking.ranks(), s.wins());
    tally[0] += s.wins()[ranking.best()];
    tally[1] += 1;
    tally[2] += pair[0];
    tally[3] += pair[1];
  }

  /** No prior: every model neutral. */
  private static final Strengths NEUTRAL = model -> java.util.OptionalDouble.empty();

  /**
   * A prior read from a function, neutral where it knows nothing (and, unlike a file's prior,
   * without warning so).
   */
  @FunctionalInterface
  private interface Strengths extends PriorSignal {
    @Override
    default double[] score(CandidateSet set) {
      return set.getCandidates().stream()
          .mapToDouble(c -> strength(c.getModel()).orElse(0))
          .toArray();
    }
  }

  /** One set's judged outcomes as the feedback record a judge would have sent: model → win. */
  static Map<String, Double> outcomes(PoolSet s) {
    Map<String, Double> out = new LinkedHashMap<>();
    List<org.blendstream.avro.Candidate> candidates = s.set().getCandidates();
    for (int i = 0; i < candidates.size(); i++) {
      out.put(candidates.get(i).getModel(), s.wins()[i]);
    }
    return out;
  }

  static Estimate estimate(double[] x) {
    int n = x.length;
    double mean = Arrays.stream(x).average().orElse(Double.NaN);
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean);
    }
    double half = tQuantile975(n - 1) * Math.sqrt(var / (n - 1) / n);
    return new Estimate(mean, mean - half, mean + half);
  }

  private static final double[] T975 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042
  };

  /**
   * Student's t 0.975 quantile: the table to 30 degrees of freedom, then a Cornish–Fisher step from
   * the normal.
   */
  static double tQuantile975(int df) {
    if (df <= T975.length) {
      return T975[df - 1];
    }
    double z = 1.959964;
    return z + (z * z * z + z) / (4.0 * df);
  }
}

package org.blendstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.blendstream.avro.CandidateSet;
import org.blendstream.model.FlopMeter;
import org.blendstream.rank.Ranker;

/**
 * Times a ranker over the same sets several times and keeps medians: these machines are shared and
 * noisy, so single runs and means say little. Variants measured in one run are comparable as
 * ratios.
 */
public final class RankerBenchmark {

  /** Median figures of one variant. */
  public record Result(
      String variant,
      double medianMsPerSet,
      double pairsPerSecond,
      long pairsPerPass,
      long rssMb,
      double gflopPerSet) {}

  /**
   * One timed figure: the median pass, the pairs one pass scored, and the model FLOPs of one pass.
   */
  public record Measured(double medianSeconds, long pairsPerPass, double flopsPerPass) {

    public double pairsPerSecond() {
      return pairsPerPass / medianSeconds;
    }

    public double gflopPerSecond() {
      return flopsPerPass / medianSeconds / 1e9;
    }
  }

  private RankerBenchmark() {}

  /**
   * Runs {@code pass} (which returns the pairs it scored) {@code repeats} times and keeps the
   * median time; the caller warms up first. FLOPs are the same in every pass of the same work, so
   * their mean is the figure.
   */
  public static Measured time(int repeats, LongSupplier pass) {
    double[] seconds = new double[repeats];
    long pairs = 0;
    long flopsBefore = FlopMeter.total();
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      pairs = pass.getAsLong();
      seconds[r] = (System.nanoTime() - start) / 1e9;
    }
    double flops = (FlopMeter.total() - flopsBefore) / (double) repeats;
    Arrays.sort(seconds);
    return new Measured(seconds[repeats / 2], pairs, flops);
  }

  /** Ranks every set once; returns the pairs compared. */
  public static long rankAll(Ranker ranker, List<CandidateSet> sets) {
    long pairs = 0;
    for (CandidateSet set : sets) {
      pairs += ranker.rank(set).comparedPairs();
    }
    return pairs;
  }

  /**
   * The most this process has held resident (VmHWM), native memory included; -1 where /proc is not
   * there.
   */
  public static long peakRssMb() {
    return procStatusMb("VmHWM:");
  }

  public static Result run(String variant, Ranker ranker, List<CandidateSet> sets, int repeats) {
    ranker.rank(sets.get(0)); // warm-up: first call pays for engine start and allocation
    long pairs = 0;
    long flopsBefore = FlopMeter.total();
    double[] passMs = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      long scored = 0;
      for (CandidateSet set : sets) {
        scored += ranker.rank(set).comparedPairs();
      }
      passMs[r] = (System.nanoTime() - start) / 1e6;
      pairs = scored;
    }
    double gflopPerSet = (FlopMeter.total() - flopsBefore) / 1e9 / ((double) repeats * sets.size());
    Arrays.sort(passMs);
    double median = passMs[repeats / 2];
    return new Result(
        variant,
        median / sets.size(),
        pairs == 0 ? 0 : pairs / (median / 1000),
        pairs,
        rssMb(),
        gflopPerSet);
  }

  /**
   * Resident set size of this process, which counts native (libtorch) memory the JVM heap does not.
   */
  static long rssMb() {
    long rss = procStatusMb("VmRSS:");
    if (rss >= 0) {
      return rss;
    }
    // not Linux: report heap instead
    Runtime rt = Runtime.getRuntime();
    return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
  }

  private static long procStatusMb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }
}

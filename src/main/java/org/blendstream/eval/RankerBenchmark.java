package org.blendstream.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.blendstream.avro.CandidateSet;
import org.blendstream.model.FlopMeter;
import org.blendstream.rank.Ranker;

/**
 * Times a ranker over the same sets several times and keeps medians: these machines are shared and
 * noisy, so single runs and means say little. Variants measured in one run are comparable as ratios.
 */
public final class RankerBenchmark {

  /** Median figures of one variant. */
  public record Result(String variant, double medianMsPerSet, double pairsPerSecond, long pairsPerPass, long rssMb,
                       double gflopPerSet) {}

  private RankerBenchmark() {}

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
    return new Result(variant, median / sets.size(), pairs == 0 ? 0 : pairs / (median / 1000), pairs, rssMb(),
        gflopPerSet);
  }

  /** Resident set size of this process, which counts native (libtorch) memory the JVM heap does not. */
  static long rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: report heap instead
    }
    Runtime rt = Runtime.getRuntime();
    return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
  }
}

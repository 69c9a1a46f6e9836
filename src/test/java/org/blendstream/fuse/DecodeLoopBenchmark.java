package org.blendstream.fuse;

import ai.djl.Device;
import java.util.List;

/**
 * Times the fixture's decode loop, to compare {@code -Dai.djl.pytorch.graph_optimizer=true}
 * (libtorch's default) with {@code false}. Not a test: run it by hand, once per setting, in
 * separate JVMs, because libtorch's executor settings and profiling state are per process and
 * thread:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) org.blendstream.fuse.DecodeLoopBenchmark [rounds]
 * java -Dai.djl.pytorch.graph_optimizer=true -cp ... org.blendstream.fuse.DecodeLoopBenchmark [rounds]
 * </pre>
 */
public final class DecodeLoopBenchmark {

  private DecodeLoopBenchmark() {}

  public static void main(String[] args) {
    System.setProperty("ai.djl.offline", "true");
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    List<long[]> inputs = FuserFixture.cases().stream().map(FuserFixture.Case::inputIds).toList();
    try (GenFuser fuser = GenFuser.open(FuserFixture.DIR, Device.cpu())) {
      for (GenerationSettings s : List.of(fuser.settings().withNumBeams(1), fuser.settings())) {
        long first = System.nanoTime();
        fuser.generate(List.of(inputs.get(0)), s, true, FusionDeadline.none());
        double firstMs = (System.nanoTime() - first) / 1e6;
        for (int i = 0; i < 3; i++) {
          inputs.forEach(in -> fuser.generate(List.of(in), s, true, FusionDeadline.none()));
        }
        // per-round times, reported as the median: the host is shared, so means chase other
        // processes' bursts
        double[] roundMs = new double[rounds];
        int tokens = 0;
        for (int r = 0; r < rounds; r++) {
          long start = System.nanoTime();
          for (long[] in : inputs) {
            tokens += fuser.generate(List.of(in), s, true, FusionDeadline.none()).get(0).length;
          }
          roundMs[r] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(roundMs);
        double median = roundMs[rounds / 2];
        System.out.printf(
            "graph_optimizer=%s beams=%d first=%.1f ms median=%.2f ms/request min=%.2f ms/request"
                + " (%d tokens/round)%n",
            System.getProperty("ai.djl.pytorch.graph_optimizer", "unset(true)"),
            s.numBeams(),
            firstMs,
            median / inputs.size(),
            roundMs[0] / inputs.size(),
            tokens / rounds);
      }
    }
  }
}

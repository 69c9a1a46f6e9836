package org.blendstream.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * How much of this process's CPU went to the JIT compilers since a mark. The pipeline runs the
 * broker, the registry, two Streams apps and their clients in one JVM: C2 compiles for a minute or
 * more before their hot code settles, and on two cores that takes a third of the CPU. A saturated
 * figure taken while the compilers are busy measures them as much as the pipeline, so the bench
 * warms up until they are quiet and says how busy they were in each run.
 */
final class JitWatch {

  /**
   * The compilers' share of the CPU below which the process counts as compiled. Once the hot code
   * settles it stays at a few percent: the broker and the clients keep compiling rarer paths.
   */
  static final double SETTLED = 0.10;

  private static final CompilationMXBean COMPILER = ManagementFactory.getCompilationMXBean();

  private final long compileMsAtMark;
  private final long cpuNanosAtMark;

  private JitWatch(long compileMs, long cpuNanos) {
    this.compileMsAtMark = compileMs;
    this.cpuNanosAtMark = cpuNanos;
  }

  static JitWatch mark() {
    return new JitWatch(compileMs(), ThroughputBench.processCpuNanos());
  }

  /** CPU seconds the process used since the mark. */
  double cpuSeconds() {
    return (ThroughputBench.processCpuNanos() - cpuNanosAtMark) / 1e9;
  }

  /**
   * The compilers' time since the mark over the process's CPU time, or NaN where the JVM does not
   * time its compilers. HotSpot times compilations by the wall clock, so on a saturated machine a
   * compiler thread's wait for a core counts too: the share errs high, which only lengthens the
   * warm-up.
   */
  double compilerShare() {
    if (COMPILER == null || !COMPILER.isCompilationTimeMonitoringSupported()) {
      return Double.NaN;
    }
    double cpuMs = cpuSeconds() * 1000;
    return cpuMs <= 0 ? 0 : Math.min(1, (compileMs() - compileMsAtMark) / cpuMs);
  }

  /** Whether a pass with this compiler share ran compiled; unknown counts as compiled. */
  static boolean settled(double compilerShare) {
    return Double.isNaN(compilerShare) || compilerShare < SETTLED;
  }

  private static long compileMs() {
    return COMPILER == null || !COMPILER.isCompilationTimeMonitoringSupported()
        ? 0
        : COMPILER.getTotalCompilationTime();
  }
}

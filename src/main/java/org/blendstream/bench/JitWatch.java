package org.blendstream.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * How much of this process's CPU went to the JIT compilers since a mark. The pipeline runs the
 * broker, the registry, two Streams apps and their clients in one JVM: C2 compiles for a minute or
 * more before their hot code settles, and on two cores that takes a third of the CPU. A saturated
 * figure taken while the compilers are busy measures them as much as the pipeline, so the bench
 * warms up until they are quiet and says how busy they were in each run.
 *
 * <p>The compiler threads' CPU comes from Linux's per-thread accounting, not from {@code
 * CompilationMXBean}: HotSpot times each compilation by the wall clock, and on a saturated 2-core
 * machine a compiler thread spends much of that waiting for a core. In warm-up passes the bean read
 * 50-55% where the compiler threads' own CPU, in the next process of the same command, was 25-34%.
 * Elsewhere the share is unknown (NaN).
 */
final class JitWatch {

  /**
   * The compilers' share of the CPU below which the process counts as compiled. Once the hot code
   * settles it stays at a few percent: the broker and the clients keep compiling rarer paths.
   */
  static final double SETTLED = 0.10;

  private static final Path SELF = Path.of("/proc/self");

  private final long compilerTicksAtMark;
  private final long processTicksAtMark;
  private final long cpuNanosAtMark;

  private JitWatch(long compilerTicks, long processTicks, long cpuNanos) {
    this.compilerTicksAtMark = compilerTicks;
    this.processTicksAtMark = processTicks;
    this.cpuNanosAtMark = cpuNanos;
  }

  static JitWatch mark() {
    return new JitWatch(compilerTicks(), processTicks(), processCpuNanos());
  }

  /** CPU seconds the process used since the mark. */
  double cpuSeconds() {
    return (processCpuNanos() - cpuNanosAtMark) / 1e9;
  }

  /**
   * The compiler threads' CPU since the mark over the process's, or NaN where Linux's per-thread
   * accounting is not there to read. A compiler thread that HotSpot retires between the mark and
   * now takes its time with it, so the share can err low by that thread's last stretch.
   */
  double compilerShare() {
    long compiler = compilerTicks();
    long process = processTicks();
    if (compiler < 0 || process < 0 || compilerTicksAtMark < 0 || processTicksAtMark < 0) {
      return Double.NaN;
    }
    long spent = process - processTicksAtMark;
    return spent <= 0
        ? 0
        : Math.min(1, Math.max(0, compiler - compilerTicksAtMark) / (double) spent);
  }

  /**
   * Whether a pass with this compiler share ran compiled. Unknown counts as busy, so that where the
   * share cannot be read the warm-up runs every pass it is allowed.
   */
  static boolean settled(double compilerShare) {
    return compilerShare < SETTLED;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** User and system clock ticks of the whole process, exited threads included; -1 if unknown. */
  private static long processTicks() {
    try {
      return ticks(Files.readString(SELF.resolve("stat")));
    } catch (IOException | RuntimeException unreadable) {
      return -1;
    }
  }

  /** Clock ticks of HotSpot's C1 and C2 compiler threads alive now; -1 if unknown. */
  private static long compilerTicks() {
    long sum = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(SELF.resolve("task"))) {
      for (Path task : tasks) {
        try {
          // Linux keeps 15 characters of a thread's name: "C2 CompilerThread0" reads
          // "C2 CompilerThre".
          String name = Files.readString(task.resolve("comm"));
          if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            sum += ticks(Files.readString(task.resolve("stat")));
          }
        } catch (NoSuchFileException exited) {
          // The thread ended between the listing and the read.
        }
      }
      return sum;
    } catch (IOException | RuntimeException unreadable) {
      return -1;
    }
  }

  /**
   * utime + stime of a {@code stat} line. The name in parentheses may hold spaces, so the fields
   * are counted from its closing parenthesis: state is the 3rd field, utime the 14th.
   */
  private static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}

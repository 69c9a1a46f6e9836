package org.blendstream.assemble;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the assembly app has read its input, as a wall-clock time per task: everything the broker
 * had committed on the task's input partitions by that time has been read, processed and committed
 * by the app. The app probes the partitions' last stable offsets (what a read_committed consumer
 * can reach) and the group's committed offsets; a probe taken at time t whose end offsets the
 * committed offsets have since reached proves that nothing written before t is still unread.
 *
 * <p>This is what a deadline needs after a restart, a rebalance or a broker outage: a set closes
 * once its task has read everything produced before its deadline, however long ago that was, and
 * not at the first punctuation after its restored state reappears. Record timestamps cannot tell
 * it: a task reads its partitions in separate fetches, so a fresh record on one partition says
 * nothing about a backlog still waiting on another.
 */
public final class InputFrontier {

  /**
   * Probes not yet reached by the committed offsets, per partition: {time, stable end offset},
   * oldest first.
   */
  private final Map<TopicPartition, ArrayDeque<long[]>> pending = new HashMap<>();

  private final Map<TopicPartition, Long> readUpTo = new HashMap<>();
  private Set<String> anyPartitionTopics = Set.of();
  private long observedAt = Long.MIN_VALUE;

  /**
   * Records one probe, taken at wall-clock {@code at} (before the offsets were asked for).
   *
   * @param stableEnds every input partition's last stable offset; partitions left out are no longer
   *     read
   * @param committed the assembly group's committed offsets; a partition it never committed counts
   *     as unread
   * @param anyPartitionTopics topics whose every partition feeds every task (the sources of a
   *     repartition), not only the task's own partition
   */
  public synchronized void observe(
      long at,
      Map<TopicPartition, Long> stableEnds,
      Map<TopicPartition, Long> committed,
      Set<String> anyPartitionTopics) {
    pending.keySet().retainAll(stableEnds.keySet());
    readUpTo.keySet().retainAll(stableEnds.keySet());
    this.anyPartitionTopics = Set.copyOf(anyPartitionTopics);
    stableEnds.forEach(
        (tp, end) -> {
          ArrayDeque<long[]> probes = pending.computeIfAbsent(tp, k -> new ArrayDeque<>());
          if (!probes.isEmpty() && probes.peekLast()[1] == end) {
            probes.peekLast()[0] = at; // same end, later time: the later probe says more
          } else {
            probes.addLast(new long[] {at, end});
          }
          long consumed = committed.getOrDefault(tp, end == 0 ? 0L : -1L);
          while (!probes.isEmpty() && probes.peekFirst()[1] <= consumed) {
            readUpTo.put(tp, probes.pollFirst()[0]);
          }
        });
    observedAt = at;
  }

  /**
   * The time up to which the task of this partition number has read all its input, or {@link
   * Long#MIN_VALUE} while that is unknown.
   */
  public synchronized long readUpTo(int partition) {
    long min = Long.MAX_VALUE;
    for (TopicPartition tp : pending.keySet()) {
      if (tp.partition() == partition || anyPartitionTopics.contains(tp.topic())) {
        min = Math.min(min, readUpTo.getOrDefault(tp, Long.MIN_VALUE));
      }
    }
    return min == Long.MAX_VALUE ? Long.MIN_VALUE : min;
  }

  /** When the last probe answered; a long silence means the broker is out of reach. */
  public synchronized long observedAt() {
    return observedAt;
  }
}

package org.blendstream.assemble;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Counters a user watches to see what the assembler did with records that did not simply join a
 * set. They appear among the Kafka Streams metrics (group stream-blendstream-metrics, with -total
 * and -rate).
 */
final class AssemblyMetrics {

  static final String SCOPE = "blendstream";

  final Sensor complete;
  final Sensor deadline;
  final Sensor duplicates;
  final Sensor late;
  final Sensor lateRequests;
  final Sensor deadLettered;
  final Sensor overLimit;

  AssemblyMetrics(StreamsMetrics metrics, String taskId) {
    complete = sensor(metrics, taskId, "sets-complete");
    deadline = sensor(metrics, taskId, "sets-deadline");
    duplicates = sensor(metrics, taskId, "candidates-duplicate");
    late = sensor(metrics, taskId, "candidates-late");
    lateRequests = sensor(metrics, taskId, "requests-late");
    deadLettered = sensor(metrics, taskId, "candidates-dead-lettered");
    overLimit = sensor(metrics, taskId, "records-over-limit");
  }

  private static Sensor sensor(StreamsMetrics metrics, String taskId, String operation) {
    return metrics.addRateTotalSensor(
        SCOPE, "assembler-" + taskId, operation, Sensor.RecordingLevel.INFO);
  }
}

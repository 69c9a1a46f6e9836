package org.blendstream.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The assembler's counters (Kafka Streams sensors of group {@code stream-blendstream-metrics}, one
 * set per task and stream thread) as {@code blendstream.assembly.*} meters per task, read from
 * whichever assembly app is current.
 *
 * <p>Micrometer's {@code KafkaStreamsMetrics} is bound to one {@link KafkaStreams}, and looks its
 * meters up by their names before our renaming: it re-registered every renamed meter whenever any
 * Kafka metric came or went ({@code This Gauge has been already registered}, in every run), never
 * removed one whose sensor went, and a topic-discovery restart, whose new app counts from 0 under
 * the same names, left the sums to whatever the stale and the new series added up to. Here a meter
 * per task and counter sums the current app's sensors of that task on every scrape, plus what the
 * sensors that went before (a restarted app's, a task's on another thread) had counted when last
 * read, so a counter never goes back; {@link #refresh} reads them every second and adds the meters
 * of new tasks.
 */
final class AssemblyMeters implements AutoCloseable {

  private static final String GROUP = "stream-blendstream-metrics";
  private static final String TASK_TAG = "blendstream-id";
  private static final String TOTAL = "-total";

  private final MeterRegistry registry;
  private KafkaStreams current;

  /** Meter key (sensor name and task) → what the sensors gone before had counted. */
  private final Map<String, Double> carried = new HashMap<>();

  /** Each live sensor of a counter → its count when last read. */
  private final Map<MetricName, Double> lastRead = new HashMap<>();

  private final Map<String, io.micrometer.core.instrument.Meter> meters = new HashMap<>();

  AssemblyMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * From now on the meters read {@code streams}, the assembly app that replaced the previous one.
   */
  synchronized void follow(KafkaStreams streams) {
    if (current != null) {
      refresh();
      lastRead.forEach((name, count) -> carried.merge(keyOf(name), count, Double::sum));
      lastRead.clear();
    }
    current = streams;
    refresh();
  }

  /**
   * Reads the counts, carries those of sensors that went, and registers the meters of tasks that
   * appeared.
   */
  synchronized void refresh() {
    Map<MetricName, ? extends Metric> metrics = current == null ? Map.of() : current.metrics();
    List<MetricName> gone = new ArrayList<>();
    lastRead.forEach(
        (name, count) -> {
          if (!metrics.containsKey(name)) {
            gone.add(name);
            carried.merge(keyOf(name), count, Double::sum);
          }
        });
    gone.forEach(lastRead::remove);
    metrics.forEach(
        (name, metric) -> {
          if (!GROUP.equals(name.group())) {
            return;
          }
          if (name.name().endsWith(TOTAL)) {
            lastRead.merge(name, valueOf(metric), Math::max);
          }
          meters.computeIfAbsent(keyOf(name), k -> register(name));
        });
  }

  /**
   * A sensor's meter: its name and task, not its thread, which a restart or a rebalance changes.
   */
  private static String keyOf(MetricName name) {
    return name.name() + "|" + name.tags().get(TASK_TAG);
  }

  private io.micrometer.core.instrument.Meter register(MetricName name) {
    // sets-complete-total → blendstream.assembly.sets.complete (Prometheus: _total); ...-rate stays
    // a gauge.
    boolean total = name.name().endsWith(TOTAL);
    String base =
        "blendstream.assembly."
            + (total
                    ? name.name().substring(0, name.name().length() - TOTAL.length())
                    : name.name())
                .replace('-', '.');
    String task = String.valueOf(name.tags().get(TASK_TAG)).replaceFirst("^assembler-", "");
    Tags tags = Tags.of("app", BlendTopology.ASSEMBLY_APP, "task", task);
    String key = keyOf(name);
    if (total) {
      return FunctionCounter.builder(base, this, m -> m.count(key))
          .tags(tags)
          .description(name.description())
          .register(registry);
    }
    return Gauge.builder(base, this, m -> m.sum(key))
        .tags(tags)
        .description(name.description())
        .register(registry);
  }

  private synchronized double count(String key) {
    return carried.getOrDefault(key, 0.0) + sum(key);
  }

  /** The current app's sensors of one name and task, summed over its threads. */
  private synchronized double sum(String key) {
    if (current == null) {
      return 0;
    }
    double sum = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : current.metrics().entrySet()) {
      if (GROUP.equals(e.getKey().group()) && key.equals(keyOf(e.getKey()))) {
        double v = valueOf(e.getValue());
        sum += v;
        if (e.getKey().name().endsWith(TOTAL)) {
          lastRead.merge(e.getKey(), v, Math::max);
        }
      }
    }
    return sum;
  }

  private static double valueOf(Metric metric) {
    return metric.metricValue() instanceof Number n && !Double.isNaN(n.doubleValue())
        ? n.doubleValue()
        : 0;
  }

  @Override
  public synchronized void close() {
    meters.values().forEach(registry::remove);
    meters.clear();
    current = null;
  }
}

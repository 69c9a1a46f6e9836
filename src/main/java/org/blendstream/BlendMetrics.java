package org.blendstream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's own meters, under {@code blendstream.*} (Prometheus: {@code blendstream_*}). The
 * topologies get one instance passed down explicitly; Streams' exception handlers, which Streams
 * instantiates by class name, find it in their config under {@link #HANDLER_CONFIG}.
 *
 * <p>The assembler's counters stay Kafka Streams sensors (per task, also over JMX); {@code
 * AssemblyMeters} serves them as {@code blendstream.assembly.*}, and a meter filter keeps {@code
 * KafkaStreamsMetrics}' copies of them ({@code kafka.stream.blendstream.*}) out, so that each count
 * exists once, under our prefix.
 */
public final class BlendMetrics {

  /** Where StreamsSettings' callers put this object for the dead-letter handlers. */
  public static final String HANDLER_CONFIG = "blendstream.metrics";

  /**
   * Error classes that name a reason of ours; anything else is counted under the handler that
   * caught it.
   */
  private static final Set<String> OWN_CLASSES = Set.of("validation", "limit", "assembly");

  private static final String STREAMS_SENSORS = "kafka.stream.blendstream.";

  /**
   * From a pure-Java ranker's milliseconds to a CPU model's seconds, and fusion's budget of tens of
   * seconds.
   */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60)
  };

  private final MeterRegistry registry;

  /** model → {strength, feedback}: what the prior gauges read. */
  private final Map<String, double[]> priors = new java.util.concurrent.ConcurrentHashMap<>();

  public BlendMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Meters that record nothing: replays and tests that do not look. */
  public static BlendMetrics none() {
    return new BlendMetrics(new CompositeMeterRegistry());
  }

  /** What a running pipeline uses; the ops endpoint scrapes it when {@code metrics.enabled}. */
  public static BlendMetrics prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // The assembler's sensors are bound by AssemblyMeters, which follows the assembly app across
    // restarts.
    registry.config().meterFilter(MeterFilter.deny(id -> id.getName().startsWith(STREAMS_SENSORS)));
    return new BlendMetrics(registry);
  }

  /**
   * The instance in a Streams handler's config, or {@link #none()} (the topology test driver, a
   * replay).
   */
  public static BlendMetrics fromHandlerConfig(Map<String, ?> configs) {
    return configs.get(HANDLER_CONFIG) instanceof BlendMetrics m ? m : none();
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * One ranked set: how long the ranker took and how many ordered pairs it scored (0 for the
   * baselines).
   */
  public void ranked(String ranker, long nanos, long pairs) {
    timer("blendstream.ranking", "Time to rank one candidate set", "ranker", ranker)
        .record(nanos, TimeUnit.NANOSECONDS);
    Counter.builder("blendstream.ranking.pairs")
        .description("Ordered candidate pairs scored by the ranker")
        .tag("ranker", ranker)
        .register(registry)
        .increment(pairs);
  }

  /**
   * One finished call to an LLM endpoint (after its retries), by role ({@code judge}, {@code
   * aggregator}): its latency, whether it answered, and the tokens the endpoint says it read and
   * wrote.
   */
  public void llmCall(
      String role, long nanos, boolean ok, long promptTokens, long completionTokens) {
    timer(
            "blendstream.llm.call",
            "Time of one call to an LLM endpoint, retries included",
            "role",
            role,
            "outcome",
            ok ? "ok" : "error")
        .record(nanos, TimeUnit.NANOSECONDS);
    Counter.builder("blendstream.llm.tokens")
        .description("Tokens an LLM endpoint reported, by role and direction")
        .tags("role", role, "direction", "in")
        .register(registry)
        .increment(promptTokens);
    Counter.builder("blendstream.llm.tokens")
        .description("Tokens an LLM endpoint reported, by role and direction")
        .tags("role", role, "direction", "out")
        .register(registry)
        .increment(completionTokens);
  }

  /** One verdict the judge needed: found in the cache, or paid for. */
  public void judgeVerdict(boolean cached) {
    Counter.builder("blendstream.judge.verdicts")
        .description("Verdicts the judge needed, by where they came from")
        .tag("source", cached ? "cache" : "call")
        .register(registry)
        .increment();
  }

  /** One set that went to the fuser (fused, or fell back after trying). */
  public void fused(long nanos) {
    timer("blendstream.fusion", "Time the fuser spent on one set, fallbacks after trying included")
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * One blended record.
   *
   * @param fallback the fixed phrase its fallback reason starts with ({@code fuse.FallbackReason}),
   *     or null
   * @param sinceClosedMs from the set's closing (for a complete set, its last candidate's arrival)
   *     to now
   * @param closedBy why the set closed: {@code all_arrived} or {@code deadline}
   */
  public void blended(String mode, String fallback, long sinceClosedMs, String closedBy) {
    Counter.builder("blendstream.blended")
        .description("Blended answers written, by mode")
        .tag("mode", label(mode))
        .register(registry)
        .increment();
    if (fallback != null) {
      Counter.builder("blendstream.fallbacks")
          .description("Answers that fell back from a richer mode, by reason")
          .tag("reason", label(fallback))
          .register(registry)
          .increment();
    }
    timer(
            "blendstream.end.to.end",
            "From a set's closing (a complete set: its last candidate's arrival) to its"
                + " blended record",
            "closed_by",
            label(closedBy))
        .record(Math.max(0, sinceClosedMs), TimeUnit.MILLISECONDS);
  }

  /**
   * One record written to the dead-letter topic.
   *
   * @param errorClass the letter's error class
   * @param caughtBy the handler (or stage) that wrote it, which names the class when the error is
   *     not one of ours
   */
  public void deadLettered(String errorClass, String caughtBy) {
    String reason = errorClass != null && OWN_CLASSES.contains(errorClass) ? errorClass : caughtBy;
    Counter.builder("blendstream.dead.letters")
        .description("Records written to the dead-letter topic, by reason class")
        .tag("class", reason)
        .register(registry)
        .increment();
  }

  /**
   * A model's learned strength and the feedback records that named it, as the priors app last wrote
   * them.
   */
  public void prior(String model, double strength, long feedback) {
    double[] value =
        priors.computeIfAbsent(
            model,
            m -> {
              double[] v = new double[2];
              Gauge.builder("blendstream.prior.strength", v, a -> a[0])
                  .description(
                      "A model's strength learned from" + " feedback (log-odds, 0 is neutral)")
                  .tag("model", m)
                  .register(registry);
              Gauge.builder("blendstream.prior.feedback", v, a -> a[1])
                  .description("Feedback records that named the model")
                  .tag("model", m)
                  .register(registry);
              return v;
            });
    value[0] = strength;
    value[1] = feedback;
  }

  /** One feedback record that changed the strengths, by source (human, judge, implicit). */
  public void feedbackApplied(String source) {
    Counter.builder("blendstream.feedback.applied")
        .description("Feedback records applied to the strengths, by source")
        .tag("source", label(source))
        .register(registry)
        .increment();
  }

  /**
   * One feedback record whose feedback_id had been applied already, and so was not counted again.
   */
  public void feedbackDuplicate() {
    Counter.builder("blendstream.feedback.duplicates")
        .description("Feedback records skipped as already applied")
        .register(registry)
        .increment();
  }

  /**
   * One candidate set read again after its answer was committed, and so not answered again (see
   * {@code rank.AnsweredSets}).
   */
  public void setRepeated() {
    Counter.builder("blendstream.sets.repeated")
        .description("Candidate sets read again after their answer and not answered twice")
        .register(registry)
        .increment();
  }

  /** The info gauge of a model in use: {@code blendstream_model_info{role,name,version} 1}. */
  public synchronized void modelInUse(String role, String name, String version) {
    String[] tags = {
      "role", role, "name", String.valueOf(name), "version", version == null ? "" : version
    };
    if (registry.find("blendstream.model.info").tags(tags).gauge() != null) {
      return; // every task's processor says so; Micrometer warns about a gauge registered twice
    }
    Gauge.builder("blendstream.model.info", () -> 1)
        .description("The models in use (value always 1)")
        .tags(tags)
        .register(registry);
  }

  private Timer timer(String name, String description, String... tags) {
    return Timer.builder(name)
        .description(description)
        .tags(tags)
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  /**
   * {@code "set too small"} and {@code SELECTED} as label values: {@code set_too_small}, {@code
   * selected}.
   */
  private static String label(String s) {
    return s.toLowerCase(Locale.ROOT).replace(' ', '_');
  }
}

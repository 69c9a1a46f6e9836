package org.blendstream.assemble;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.Topics;
import org.blendstream.app.StreamsSettings;
import org.blendstream.avro.AssemblyState;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.DeadLetter;
import org.blendstream.avro.Request;
import org.blendstream.ingest.AvroSerdeFactory;
import org.blendstream.ingest.InMemorySchemaRegistryClient;

/**
 * The assembly topology under the topology test driver, as the assembly tests drive it: models a, b
 * and c, a 1 s deadline checked every 10 ms, and an in-memory registry of its own, dropped on
 * close. Records go in as bytes, so a test can compare them with a dead letter's original.
 */
public final class AssemblyDriver implements AutoCloseable {

  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  public final BlendConfig config;
  public final AvroSerdeFactory serdes;
  public final TopologyTestDriver driver;
  private final Topics topics;
  private final String scope;

  /** The defaults above, with {@code overrides} on top. */
  public static Map<String, Object> config(String scope, Map<String, ?> overrides) {
    Map<String, Object> props = new HashMap<>();
    props.put(BlendConfig.BOOTSTRAP_SERVERS, "unused:9092");
    props.put(BlendConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    props.put(BlendConfig.MODELS, "a,b,c");
    props.put(BlendConfig.DEADLINE_MS, 1000L);
    props.put(BlendConfig.PUNCTUATE_INTERVAL_MS, 10L);
    props.putAll(overrides);
    return props;
  }

  public AssemblyDriver(Map<String, ?> overrides) {
    this(overrides, null, null, BlendMetrics.none());
  }

  /**
   * {@code candidateTopics} null: the pattern of every model's topic; {@code frontier} null: no
   * backlog staged.
   */
  public AssemblyDriver(
      Map<String, ?> overrides,
      List<String> candidateTopics,
      InputFrontier frontier,
      BlendMetrics metrics) {
    this.scope = "assembly-" + UUID.randomUUID();
    this.config = new BlendConfig(config(scope, overrides));
    this.serdes = AvroSerdeFactory.from(config);
    this.topics = config.topics();
    StreamsBuilder builder = new StreamsBuilder();
    AssemblyTopology.addTo(builder, config, serdes, candidateTopics, frontier, metrics);
    this.driver =
        new TopologyTestDriver(
            builder.build(), StreamsSettings.streamsConfig(config, null, metrics), T0);
  }

  /** Pipes the candidate at {@code timestamp} (null: the driver's clock) and returns its bytes. */
  public byte[] candidate(Candidate candidate, Instant timestamp) {
    return pipe(
        topics.candidates(candidate.getModel()),
        candidate.getRequestId(),
        serdes.serde(Candidate.class, config),
        candidate,
        timestamp);
  }

  public byte[] request(Request request, Instant timestamp) {
    return pipe(
        topics.requests(),
        request.getRequestId(),
        serdes.serde(Request.class, config),
        request,
        timestamp);
  }

  /** Bytes that may not decode, as a producer that is not ours could send them. */
  public void raw(String topic, String key, byte[] bytes) {
    driver
        .createInputTopic(topic, new StringSerializer(), new ByteArraySerializer())
        .pipeInput(key, bytes);
  }

  private <T> byte[] pipe(String topic, String key, Serde<T> serde, T value, Instant timestamp) {
    byte[] bytes = serde.serializer().serialize(topic, value);
    var in = driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
    if (timestamp == null) {
      in.pipeInput(key, bytes);
    } else {
      in.pipeInput(key, bytes, timestamp);
    }
    return bytes;
  }

  public <T extends SpecificRecord> TestOutputTopic<String, T> output(String topic, Class<T> type) {
    return driver.createOutputTopic(
        topic, new StringDeserializer(), serdes.serde(type, config).deserializer());
  }

  /** The assembler's state store, as the assembler reads it (pending writes included). */
  @SuppressWarnings("unchecked")
  WriteBehindStore<AssemblyState> states() {
    return (WriteBehindStore<AssemblyState>) driver.getStateStore(AssemblyTopology.STATE_STORE);
  }

  public TestOutputTopic<String, CandidateSet> sets() {
    return output(topics.candidateSets(), CandidateSet.class);
  }

  public TestOutputTopic<String, DeadLetter> deadLetters() {
    return output(topics.deadLetters(), DeadLetter.class);
  }

  /** A Kafka Streams sensor's total over every task, e.g. {@code sets-deadline}. */
  public double metricTotal(String operation) {
    return driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals(operation + "-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  @Override
  public void close() {
    driver.close();
    InMemorySchemaRegistryClient.dropScope(scope);
  }
}

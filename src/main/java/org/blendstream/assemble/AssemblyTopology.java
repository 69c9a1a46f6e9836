package org.blendstream.assemble;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.Topics;
import org.blendstream.avro.AssemblyState;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.DeadLetter;
import org.blendstream.avro.Request;
import org.blendstream.ingest.AvroSerdeFactory;
import org.blendstream.ingest.EncodedRecord;
import org.blendstream.ingest.InputAdmission;

/**
 * The assembly stage: requests and per-model candidates in, candidate sets (plus late and dead
 * letters) out.
 */
public final class AssemblyTopology {

  public static final String STATE_STORE = "assembly-state";
  private static final String REKEYED_REQUESTS = "rekeyed-requests";
  private static final String REKEYED_CANDIDATES = "rekeyed-candidates";
  public static final String DUE_STORE = "assembly-due";

  /** The candidates of open sets, one entry per (request, model): {@link HeldCandidates}. */
  public static final String CANDIDATES_STORE = "assembly-candidates";

  private AssemblyTopology() {}

  /**
   * Reads every candidate topic by pattern. For the topology test driver, which knows no topics in
   * advance; a running app reads a list ({@link #addTo(StreamsBuilder, BlendConfig,
   * AvroSerdeFactory, Collection)}).
   */
  /**
   * Reads the given candidate topics. A list, not a pattern: under a pattern, Kafka Streams can
   * hand a task a new topic's partition before its own topology knows the topic ({@code
   * TopologyException: Topic … is unknown to the topology}) and the stream thread dies. The app
   * rebuilds this topology when a new model's topic appears.
   *
   * @param candidateTopics the candidate topics to read; null reads every topic matching the
   *     pattern
   * @param frontier how far the app has read these inputs ({@link #inputs}), which the app keeps
   *     probing; null when every record is processed as it is written (the topology test driver)
   * @param metrics counts the dead letters the assembler writes (the exception handlers count
   *     theirs)
   */
  public static void addTo(
      StreamsBuilder builder,
      BlendConfig config,
      AvroSerdeFactory serdes,
      Collection<String> candidateTopics,
      InputFrontier frontier,
      BlendMetrics metrics) {
    Topics topics = config.topics();
    Serde<Request> requestSerde = serdes.serde(Request.class, config);
    Serde<Candidate> candidateSerde = serdes.serde(Candidate.class, config);

    // The state and candidates stores write behind (WriteBehindStore): a set's state changes with
    // every record of its set, and a candidate is deleted when its set closes, often within the
    // commit interval it arrived in; each key reaches RocksDB and the changelog once per commit, or
    // not at all. Kafka Streams' record cache is left out for them: it encoded every put, and once
    // full of the emitted sets' markers it evicted from the store being written, so that every put
    // flushed it anyway (9% of the assembly thread for the candidates store). The due store's
    // entries are small strings and range-scanned, and stay with the record cache.
    builder.addStateStore(
        WriteBehindStore.builder(
            Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STATE_STORE),
                Serdes.String(),
                serdes.serde(AssemblyState.class, config)),
            WriteBehindStore.recordCopier(AssemblyState::new)));
    builder.addStateStore(
        WriteBehindStore.builder(
            Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CANDIDATES_STORE),
                Serdes.String(),
                EncodedRecord.serde(candidateSerde)),
            // Held candidates are never changed: the set reuses them and their bytes as they are.
            UnaryOperator.identity()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DUE_STORE), Serdes.String(), Serdes.String())
            .withCachingEnabled());

    // Requests are optional; they join the same per-request state as the candidates, so both are
    // keyed by request_id.
    KStream<String, Request> requestRecords =
        builder.stream(
                topics.requests(),
                Consumed.with(Serdes.String(), requestSerde).withName("requests"))
            .processValues(() -> new InputAdmission.Requests(config), Named.as("admit-requests"));
    // Kafka Streams resets a partition without committed offsets to the earliest record (its
    // default, which we keep
    // and do not override per source), so what a model wrote before its topic was subscribed still
    // joins its sets.
    Consumed<String, Candidate> consumed =
        Consumed.with(Serdes.String(), candidateSerde).withName("candidates");
    KStream<String, Candidate> candidateRecords =
        candidateTopics == null
            ? builder.stream(topics.candidatesPattern(), consumed)
            : candidateTopics.isEmpty() ? null : builder.stream(candidateTopics, consumed);
    if (candidateRecords != null) {
      candidateRecords =
          candidateRecords.processValues(
              () -> new InputAdmission.Candidates(config), Named.as("admit-candidates"));
    }
    if (config.ingestRekey()) {
      // Producers that cannot key by request id: both kinds go through a topic of the same
      // partition count, keyed
      // by the payload's id, so that one request's records meet in one task whatever partition they
      // were written to.
      requestRecords =
          requestRecords
              .selectKey((k, r) -> r.getRequestId(), Named.as("request-id-as-key"))
              .repartition(rekeyed(REKEYED_REQUESTS, requestSerde, config));
      if (candidateRecords != null) {
        candidateRecords =
            candidateRecords
                .selectKey((k, c) -> c.getRequestId(), Named.as("candidate-id-as-key"))
                .repartition(rekeyed(REKEYED_CANDIDATES, candidateSerde, config));
      }
    }
    KStream<String, SpecificRecord> input =
        requestRecords.mapValues(r -> (SpecificRecord) r, Named.as("request-as-input"));
    if (candidateRecords != null) {
      input =
          input.merge(
              candidateRecords.mapValues(c -> (SpecificRecord) c, Named.as("candidate-as-input")),
              Named.as("assembly-input"));
    }
    Set<String> readModels =
        candidateTopics == null
            ? null
            : candidateTopics.stream().map(topics::modelOf).collect(Collectors.toSet());

    KStream<String, SpecificRecord> out =
        input.process(
            () ->
                new CandidateAssembler(
                    config,
                    candidateSerde.serializer(),
                    requestSerde.serializer(),
                    readModels,
                    frontier),
            Named.as("assembler"),
            STATE_STORE,
            CANDIDATES_STORE,
            DUE_STORE);

    // Route the assembler's four kinds of output by type.
    out.split(Named.as("assembly-"))
        .branch(
            (k, v) -> v instanceof CandidateSet,
            Branched.withConsumer(
                s ->
                    s.mapValues(v -> (CandidateSet) v, Named.as("as-candidate-set"))
                        .to(
                            topics.candidateSets(),
                            Produced.with(
                                Serdes.String(), serdes.serde(CandidateSet.class, config)))))
        .branch(
            (k, v) -> v instanceof Candidate,
            Branched.withConsumer(
                s ->
                    s.mapValues(v -> (Candidate) v, Named.as("as-late-candidate"))
                        .to(topics.late(), Produced.with(Serdes.String(), candidateSerde))))
        .branch(
            (k, v) -> v instanceof Request,
            Branched.withConsumer(
                s ->
                    s.mapValues(v -> (Request) v, Named.as("as-late-request"))
                        .to(topics.lateRequests(), Produced.with(Serdes.String(), requestSerde))))
        .defaultBranch(
            Branched.withConsumer(
                s ->
                    s.mapValues(
                            v -> {
                              DeadLetter letter = (DeadLetter) v;
                              metrics.deadLettered(letter.getErrorClass(), "assembly");
                              return letter;
                            },
                            Named.as("as-dead-letter"))
                        .to(
                            topics.deadLetters(),
                            Produced.with(
                                Serdes.String(), serdes.serde(DeadLetter.class, config)))));
  }

  /**
   * The changelog topic of an app's store, as Kafka Streams names it; a serde that keeps what it
   * wrote ({@link EncodedRecord}) reuses bytes only for the same topic, so a wrong name costs an
   * encode, never a wrong record.
   */
  static String changelogTopic(String applicationId, String store) {
    return applicationId + "-" + store + "-changelog";
  }

  /**
   * The topics the assembler's tasks read, for {@link InputFrontier}: task p reads partition p of
   * each of {@code perTask}, and with {@code ingest.rekey} every partition of {@code shared} (the
   * sources of the repartition) feeds every task.
   */
  public record Inputs(List<String> perTask, List<String> shared) {}

  /**
   * @param applicationId the assembly app's own application id, which names its repartition topics
   */
  public static Inputs inputs(
      BlendConfig config, Collection<String> candidateTopics, String applicationId) {
    List<String> sources = new ArrayList<>();
    sources.add(config.topics().requests());
    sources.addAll(candidateTopics);
    if (!config.ingestRekey()) {
      return new Inputs(List.copyOf(sources), List.of());
    }
    List<String> rekeyed = new ArrayList<>();
    rekeyed.add(applicationId + "-" + REKEYED_REQUESTS + "-repartition");
    if (!candidateTopics.isEmpty()) {
      rekeyed.add(applicationId + "-" + REKEYED_CANDIDATES + "-repartition");
    }
    return new Inputs(List.copyOf(rekeyed), List.copyOf(sources));
  }

  private static <T> Repartitioned<String, T> rekeyed(
      String name, Serde<T> serde, BlendConfig config) {
    return Repartitioned.<String, T>as(name)
        .withKeySerde(Serdes.String())
        .withValueSerde(serde)
        .withNumberOfPartitions(config.topicPartitions());
  }
}

package org.blendstream.assemble;

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
import org.blendstream.Topics;
import org.blendstream.avro.AssemblyState;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.DeadLetter;
import org.blendstream.avro.Request;
import org.blendstream.ingest.AvroSerdeFactory;
import org.blendstream.ingest.InputAdmission;

/** The assembly stage: requests and per-model candidates in, candidate sets (plus late and dead letters) out. */
public final class AssemblyTopology {

  public static final String STATE_STORE = "assembly-state";
  public static final String DUE_STORE = "assembly-due";

  private AssemblyTopology() {}

  public static void addTo(StreamsBuilder builder, BlendConfig config, AvroSerdeFactory serdes) {
    Topics topics = config.topics();
    Serde<Request> requestSerde = serdes.serde(Request.class, config);
    Serde<Candidate> candidateSerde = serdes.serde(Candidate.class, config);

    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE),
        Serdes.String(), serdes.serde(AssemblyState.class, config)));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DUE_STORE),
        Serdes.String(), Serdes.String()));

    // Requests are optional; they join the same per-request state as the candidates, so both are keyed by request_id.
    KStream<String, Request> requestRecords = builder
        .stream(topics.requests(), Consumed.with(Serdes.String(), requestSerde).withName("requests"))
        .processValues(() -> new InputAdmission.Requests(config), Named.as("admit-requests"));
    // A pattern, so that a new model's topic joins without a restart or code change.
    KStream<String, Candidate> candidateRecords = builder
        .stream(topics.candidatesPattern(), Consumed.with(Serdes.String(), candidateSerde).withName("candidates"))
        .processValues(() -> new InputAdmission.Candidates(config), Named.as("admit-candidates"));
    if (config.ingestRekey()) {
      // Producers that cannot key by request id: both kinds go through a topic of the same partition count, keyed
      // by the payload's id, so that one request's records meet in one task whatever partition they were written to.
      requestRecords = requestRecords.selectKey((k, r) -> r.getRequestId(), Named.as("request-id-as-key"))
          .repartition(rekeyed("rekeyed-requests", requestSerde, config));
      candidateRecords = candidateRecords.selectKey((k, c) -> c.getRequestId(), Named.as("candidate-id-as-key"))
          .repartition(rekeyed("rekeyed-candidates", candidateSerde, config));
    }
    KStream<String, SpecificRecord> requests = requestRecords.mapValues(r -> (SpecificRecord) r, Named.as("request-as-input"));
    KStream<String, SpecificRecord> candidates = candidateRecords
        .mapValues(c -> (SpecificRecord) c, Named.as("candidate-as-input"));

    KStream<String, SpecificRecord> out = requests.merge(candidates, Named.as("assembly-input"))
        .process(() -> new CandidateAssembler(config, candidateSerde.serializer()), Named.as("assembler"),
            STATE_STORE, DUE_STORE);

    // Route the assembler's three kinds of output by type.
    out.split(Named.as("assembly-"))
        .branch((k, v) -> v instanceof CandidateSet, Branched.withConsumer(s -> s
            .mapValues(v -> (CandidateSet) v, Named.as("as-candidate-set"))
            .to(topics.candidateSets(), Produced.with(Serdes.String(), serdes.serde(CandidateSet.class, config)))))
        .branch((k, v) -> v instanceof Candidate, Branched.withConsumer(s -> s
            .mapValues(v -> (Candidate) v, Named.as("as-late-candidate"))
            .to(topics.late(), Produced.with(Serdes.String(), candidateSerde))))
        .defaultBranch(Branched.withConsumer(s -> s
            .mapValues(v -> (DeadLetter) v, Named.as("as-dead-letter"))
            .to(topics.deadLetters(), Produced.with(Serdes.String(), serdes.serde(DeadLetter.class, config)))));
  }

  private static <T> Repartitioned<String, T> rekeyed(String name, Serde<T> serde, BlendConfig config) {
    return Repartitioned.<String, T>as(name).withKeySerde(Serdes.String()).withValueSerde(serde)
        .withNumberOfPartitions(config.topicPartitions());
  }
}

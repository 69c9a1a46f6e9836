package org.blendstream.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.blendstream.avro.AssemblyReason;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EncodedRecordTest {

  private static final String STORE_TOPIC = "app-assembly-candidates-changelog";

  private String scope;
  private InMemorySchemaRegistryClient registry;
  private SpecificAvroSerde<Candidate> candidates;
  private SpecificAvroSerde<CandidateSet> sets;
  private Serde<EncodedRecord<Candidate>> stored;

  @BeforeEach
  void serdes() {
    scope = "encoded-" + UUID.randomUUID();
    registry = InMemorySchemaRegistryClient.forScope(scope);
    candidates = new SpecificAvroSerde<>(Candidate.class, registry, false);
    sets = new SpecificAvroSerde<>(CandidateSet.class, registry, false);
    stored = EncodedRecord.serde(candidates);
  }

  @AfterEach
  void dropRegistry() {
    InMemorySchemaRegistryClient.dropScope(scope);
  }

  private static Candidate candidate(String model, String text) {
    return Candidate.newBuilder()
        .setRequestId("r1")
        .setModel(model)
        .setText(text)
        .setInstruction("Say hi")
        .setCreatedAt(7L)
        .build();
  }

  private static CandidateSet set(List<Candidate> members) {
    return CandidateSet.newBuilder()
        .setRequestId("r1")
        .setRequest(
            Request.newBuilder()
                .setRequestId("r1")
                .setInstruction("Say hi")
                .setCreatedAt(1L)
                .build())
        .setCandidates(members)
        .setComplete(true)
        .setFirstArrivalAt(1L)
        .setAssembledAt(2L)
        .setReason(AssemblyReason.ALL_ARRIVED)
        .build();
  }

  /** Written to the store, as the assembler holds it. */
  private EncodedRecord<Candidate> held(Candidate c) {
    EncodedRecord<Candidate> record = new EncodedRecord<>(c);
    stored.serializer().serialize(STORE_TOPIC, record);
    return record;
  }

  @Test
  void aStoreWritesARecordOncePerTopic() {
    EncodedRecord<Candidate> record = new EncodedRecord<>(candidate("a", "x"));
    byte[] first = stored.serializer().serialize(STORE_TOPIC, record);
    record.value().setText("changed after the write");
    assertSame(first, stored.serializer().serialize(STORE_TOPIC, record), "not encoded again");
    byte[] elsewhere = stored.serializer().serialize("another-topic", record);
    assertEquals(
        "changed after the write",
        candidates.deserialize("another-topic", elsewhere).getText().toString(),
        "another topic's subject gets its own encode");
  }

  @Test
  void aSetOfHeldCandidatesIsByteForByteTheSetOfPlainOnes() {
    List<Candidate> plain = List.of(candidate("a", "first answer"), candidate("b", "second é"));
    byte[] expected = sets.serialize("sets", set(plain));
    byte[] spliced =
        sets.serialize(
            "sets", set(new EncodedList<>(List.of(held(plain.get(0)), held(plain.get(1))))));
    assertArrayEquals(expected, spliced);
  }

  @Test
  void theSetCarriesTheHeldBytesNotAnotherEncodeOfTheValue() {
    EncodedRecord<Candidate> restored =
        stored
            .deserializer()
            .deserialize(
                STORE_TOPIC, candidates.serialize(STORE_TOPIC, candidate("a", "as stored")));
    // Only a splice can put the stored text back into the set once the value says otherwise.
    restored.value().setText("changed in memory");
    CandidateSet read =
        sets.deserialize("sets", sets.serialize("sets", set(new EncodedList<>(List.of(restored)))));
    assertEquals("as stored", read.getCandidates().get(0).getText().toString());
  }

  @Test
  void bytesUnderAnotherSchemaAreEncodedAgainFromTheValue() {
    EncodedRecord<Candidate> record = held(candidate("a", "as stored"));
    record.value().setText("the value");
    // The id of another schema, as bytes written by an older version would carry.
    int other = registry.register("requests-value", Request.getClassSchema());
    ByteBuffer.wrap(record.bytes(), 1, 4).putInt(other);
    CandidateSet read =
        sets.deserialize("sets", sets.serialize("sets", set(new EncodedList<>(List.of(record)))));
    assertEquals("the value", read.getCandidates().get(0).getText().toString());
  }
}

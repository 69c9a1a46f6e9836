package org.blendstream.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.Request;
import org.blendstream.avro.Turn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins the serde to hand-written Confluent wire-format bytes, so that byte compatibility with
 * Confluent's KafkaAvroSerializer does not rest on our own reader agreeing with our own writer.
 */
class SpecificAvroSerdeWireFormatTest {

  /** Turn{role="user", content="hi"} framed with schema id 1. */
  private static final byte[] TURN_BYTES = {
    0x00, 0x00, 0x00, 0x00, 0x01, // magic byte, schema id 1 (big-endian)
    0x08, 'u', 's', 'e', 'r', // role: zigzag length 4, UTF-8
    0x04, 'h', 'i'
  }; // content: zigzag length 2

  /**
   * Candidate with strings, a timestamp-millis, null and non-null unions and an empty map, schema
   * id 1.
   */
  private static final byte[] CANDIDATE_BYTES = {
    0x00,
    0x00,
    0x00,
    0x00,
    0x01,
    0x04,
    'r',
    '1', // request_id
    0x02,
    'm', // model
    0x04,
    'o',
    'k', // text
    (byte) 0xD0,
    0x0F, // created_at 1000 ms: zigzag 2000 as varint
    0x00, // instruction: union branch 0 (null)
    0x00, // input: null
    0x02,
    0x08,
    's',
    't',
    'o',
    'p', // finish_reason: branch 1 (string) "stop"
    0x00, // latency_ms: null
    0x00
  }; // metadata: empty map (block count 0)

  private static final Turn TURN = new Turn("user", "hi");
  private static final Candidate CANDIDATE =
      Candidate.newBuilder()
          .setRequestId("r1")
          .setModel("m")
          .setText("ok")
          .setCreatedAt(1000L)
          .setFinishReason("stop")
          .setMetadata(Map.of())
          .build();

  private String scope;
  private InMemorySchemaRegistryClient registry;

  @BeforeEach
  void freshRegistryWhoseFirstIdIsOne() {
    scope = "wire-format-" + UUID.randomUUID();
    registry = InMemorySchemaRegistryClient.forScope(scope);
  }

  @AfterEach
  void dropRegistry() {
    InMemorySchemaRegistryClient.dropScope(scope);
  }

  @Test
  void serializesTurnToConfluentBytes() {
    assertArrayEquals(
        TURN_BYTES, new SpecificAvroSerde<>(Turn.class, registry, false).serialize("turns", TURN));
  }

  @Test
  void deserializesTurnFromConfluentBytes() {
    registry.register("turns-value", Turn.getClassSchema());
    assertEquals(
        TURN,
        new SpecificAvroSerde<>(Turn.class, registry, false).deserialize("turns", TURN_BYTES));
  }

  @Test
  void serializesCandidateWithUnionsTimestampAndMapToConfluentBytes() {
    assertArrayEquals(
        CANDIDATE_BYTES,
        new SpecificAvroSerde<>(Candidate.class, registry, false)
            .serialize("blend.candidates.m", CANDIDATE));
  }

  @Test
  void deserializesCandidateFromConfluentBytes() {
    registry.register("blend.candidates.m-value", Candidate.getClassSchema());
    assertEquals(
        CANDIDATE,
        new SpecificAvroSerde<>(Candidate.class, registry, false)
            .deserialize("blend.candidates.m", CANDIDATE_BYTES));
  }

  @Test
  void wrongMagicByteIsRejectedNamingTheByte() {
    byte[] bytes = TURN_BYTES.clone();
    bytes[0] = 0x01;
    Exception e =
        assertThrows(
            WireFormat.MalformedRecordException.class,
            () -> turnSerde().deserialize("turns", bytes));
    assertTrue(e.getMessage().contains("magic byte 0x01"), e.getMessage());
  }

  @Test
  void recordShorterThanTheHeaderIsRejectedWithItsLength() {
    Exception e =
        assertThrows(
            WireFormat.MalformedRecordException.class,
            () -> turnSerde().deserialize("turns", new byte[] {0x00, 0x00, 0x01}));
    assertTrue(e.getMessage().contains("3 bytes is shorter than the 5-byte"), e.getMessage());
  }

  @Test
  void unknownSchemaIdIsRejectedNamingTheId() {
    byte[] bytes = TURN_BYTES.clone();
    bytes[4] = 99;
    Exception e =
        assertThrows(
            SchemaRegistryClient.UnknownSchemaException.class,
            () -> turnSerde().deserialize("turns", bytes));
    assertTrue(e.getMessage().contains("unknown schema id 99"), e.getMessage());
  }

  @Test
  void truncatedBodyIsRejectedNamingTypeAndSchemaId() {
    byte[] bytes = Arrays.copyOf(TURN_BYTES, TURN_BYTES.length - 1);
    Exception e =
        assertThrows(
            WireFormat.MalformedRecordException.class,
            () -> turnSerde().deserialize("turns", bytes));
    assertTrue(e.getMessage().contains("cannot decode Turn with schema id 1"), e.getMessage());
  }

  @Test
  void trailingBytesAfterTheRecordAreRejected() {
    byte[] bytes = Arrays.copyOf(TURN_BYTES, TURN_BYTES.length + 1);
    Exception e =
        assertThrows(
            WireFormat.MalformedRecordException.class,
            () -> turnSerde().deserialize("turns", bytes));
    assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
  }

  @Test
  void writerSchemaOfAnotherRecordTypeIsRefusedNamingBoth() {
    registry.register("blend.requests-value", Candidate.getClassSchema());
    Exception e =
        assertThrows(
            WireFormat.MalformedRecordException.class,
            () ->
                new SpecificAvroSerde<>(Request.class, registry, false)
                    .deserialize("blend.requests", CANDIDATE_BYTES));
    assertTrue(
        e.getMessage().contains("schema id 1 is record org.blendstream.avro.Candidate")
            && e.getMessage().contains("carries org.blendstream.avro.Request"),
        e.getMessage());
  }

  @Test
  void invalidUtf8InAStringIsRefusedNamingTheField() {
    byte[] bytes = CANDIDATE_BYTES.clone();
    bytes[11] =
        (byte) 0xC3; // text "ok" becomes C3 6B: a lead byte followed by no continuation byte
    registry.register("blend.candidates.m-value", Candidate.getClassSchema());
    Exception e =
        assertThrows(
            WireFormat.MalformedRecordException.class,
            () ->
                new SpecificAvroSerde<>(Candidate.class, registry, false)
                    .deserialize("blend.candidates.m", bytes));
    assertTrue(
        e.getMessage().contains("invalid UTF-8 in field text at byte 0 of 2"), e.getMessage());
  }

  @Test
  void invalidUtf8InANestedStringNamesItsPath() {
    byte[] bytes = TURN_BYTES.clone();
    bytes[12] = (byte) 0xFF; // content "hi" becomes 68 FF: FF is never valid UTF-8
    Exception e =
        assertThrows(
            WireFormat.MalformedRecordException.class,
            () -> turnSerde().deserialize("turns", bytes));
    assertTrue(
        e.getMessage().contains("invalid UTF-8 in field content at byte 1 of 2"), e.getMessage());
  }

  @Test
  void asciiAndMultiByteStringsReadBackAsWritten() {
    // ASCII strings take a shortcut past the strict decoder; the others, of 2, 3 and 4 bytes a
    // character, do not.
    SpecificAvroSerde<Turn> serde = turnSerde();
    for (String content :
        new String[] {
          "", "plain ascii\n\t~", "\u007f", "caf\u00e9", "\u2713 ok", "\ud83d\ude00", "\u00ff\u0080"
        }) {
      Turn turn = new Turn("user", content);
      assertEquals(turn, serde.deserialize("turns", serde.serialize("turns", turn)), content);
    }
  }

  @Test
  void valueLargerThanTheLimitIsRefusedBySerializerNamingSizeAndLimit() {
    SpecificAvroSerde<Turn> limited =
        new SpecificAvroSerde<>(Turn.class, registry, false, TURN_BYTES.length - 1);
    Exception e =
        assertThrows(OversizedRecordException.class, () -> limited.serialize("turns", TURN));
    assertTrue(
        e.getMessage()
            .contains(
                "Turn of "
                    + TURN_BYTES.length
                    + " bytes for topic turns exceeds "
                    + "record.max.bytes="
                    + (TURN_BYTES.length - 1)),
        e.getMessage());
    assertArrayEquals(
        TURN_BYTES,
        new SpecificAvroSerde<>(Turn.class, registry, false, TURN_BYTES.length)
            .serialize("turns", TURN),
        "a value of exactly the limit is written");
  }

  private SpecificAvroSerde<Turn> turnSerde() {
    registry.register("turns-value", Turn.getClassSchema());
    return new SpecificAvroSerde<>(Turn.class, registry, false);
  }
}

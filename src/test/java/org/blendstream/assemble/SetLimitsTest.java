package org.blendstream.assemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyTestDriver;
import org.blendstream.BlendConfig;
import org.blendstream.Topics;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.DeadLetter;
import org.blendstream.avro.Request;
import org.blendstream.ingest.CandidateText;
import org.blendstream.ingest.DeadLetters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bounds on a set, through the assembly topology: refused records reach the DLQ with their
 * bytes, sets go on.
 */
class SetLimitsTest {

  private final Topics topics = new Topics("blend");
  private AssemblyDriver assembly;
  private TopologyTestDriver driver;
  private BlendConfig config;

  private void start(Map<String, Object> overrides) {
    assembly = new AssemblyDriver(overrides);
    driver = assembly.driver;
    config = assembly.config;
  }

  @AfterEach
  void tearDown() {
    if (assembly != null) {
      assembly.close();
    }
  }

  /**
   * Pipes the candidate as bytes and returns them, so that a test can compare them with a dead
   * letter's.
   */
  private byte[] candidate(String model, String requestId, String text) {
    return assembly.candidate(
        Candidate.newBuilder()
            .setRequestId(requestId)
            .setModel(model)
            .setText(text)
            .setInstruction("Say hi")
            .setCreatedAt(0L)
            .build(),
        null);
  }

  private byte[] request(String requestId, List<String> expected, String reference) {
    return assembly.request(
        Request.newBuilder()
            .setRequestId(requestId)
            .setInstruction("Say hi")
            .setExpectedModels(expected)
            .setReference(reference)
            .setCreatedAt(0L)
            .build(),
        null);
  }

  private List<CandidateSet> sets() {
    return assembly.sets().readValuesToList();
  }

  private List<DeadLetter> deadLetters() {
    return assembly.deadLetters().readValuesToList();
  }

  @Test
  void candidateBeyondSetMaxCandidatesIsDeadLetteredWithItsBytesAndTheSetClosesWithoutIt() {
    start(Map.of(BlendConfig.SET_MAX_CANDIDATES, 2));
    candidate("a", "r1", "x");
    candidate("b", "r1", "y");
    byte[] third = candidate("c", "r1", "z");
    driver.advanceWallClockTime(Duration.ofMillis(1100));

    List<DeadLetter> letters = deadLetters();
    assertEquals(1, letters.size());
    assertEquals(DeadLetters.LIMIT, letters.get(0).getErrorClass());
    assertTrue(
        letters.get(0).getReason().contains("set.max.candidates=2"), letters.get(0).getReason());
    assertArrayEquals(third, bytes(letters.get(0).getOriginal()));
    CandidateSet set = sets().get(0);
    assertEquals(List.of("a", "b"), set.getCandidates().stream().map(Candidate::getModel).toList());
    assertEquals(List.of(), set.getMissingModels(), "c answered: it is in the DLQ, not missing");
    assertFalse(set.getComplete());
    assertEquals(1.0, assembly.metricTotal("records-over-limit"), "the cap shows in the metrics");
  }

  @Test
  void candidateThatWouldMakeTheSetLargerThanRecordMaxBytesIsDeadLettered() {
    start(Map.of(BlendConfig.RECORD_MAX_BYTES, 64 * 1024));
    String text = "w".repeat(20_000);
    candidate("a", "r1", text);
    candidate("b", "r1", text);
    byte[] third = candidate("c", "r1", text);
    driver.advanceWallClockTime(Duration.ofMillis(1100));

    List<DeadLetter> letters = deadLetters();
    assertEquals(1, letters.size());
    assertEquals(DeadLetters.LIMIT, letters.get(0).getErrorClass());
    assertTrue(
        letters.get(0).getReason().contains("the candidate of c its set would take"),
        letters.get(0).getReason());
    assertArrayEquals(third, bytes(letters.get(0).getOriginal()));
    CandidateSet set = sets().get(0);
    assertEquals(List.of(), set.getMissingModels(), "c answered: it is in the DLQ, not missing");
    assertFalse(set.getComplete());
  }

  @Test
  void candidateTooLargeToHoldAtAllIsDeadLetteredAsALimit() {
    start(
        Map.of(BlendConfig.RECORD_MAX_BYTES, 64 * 1024, BlendConfig.CANDIDATE_MAX_CHARS, 100_000));
    candidate("a", "r1", "fits");
    // Written by a client that knows no limit: our own serde refuses to write it.
    byte[] huge =
        new org.blendstream.ingest.SpecificAvroSerde<>(
                Candidate.class,
                org.blendstream.ingest.SchemaRegistryClients.forUrl(
                    assembly.config.schemaRegistryUrl()),
                false)
            .serialize(
                topics.candidates("b"),
                Candidate.newBuilder()
                    .setRequestId("r1")
                    .setModel("b")
                    .setText("w".repeat(70_000))
                    .setInstruction("Say hi")
                    .setCreatedAt(0L)
                    .build());
    assembly.raw(topics.candidates("b"), "r1", huge);
    driver.advanceWallClockTime(Duration.ofMillis(1100));

    List<DeadLetter> letters = deadLetters();
    assertEquals(1, letters.size());
    assertEquals(DeadLetters.LIMIT, letters.get(0).getErrorClass());
    assertTrue(
        letters.get(0).getReason().contains("the candidate of b is too large to hold"),
        letters.get(0).getReason());
    // Larger than a dead letter may be, the original stays where the letter points.
    assertEquals(topics.candidates("b"), letters.get(0).getSourceTopic());
    assertTrue(letters.get(0).getOffset() >= 0);
    assertTrue(huge.length > 64 * 1024);
    assertEquals(
        List.of("fits"),
        sets().get(0).getCandidates().stream().map(c -> c.getText().toString()).toList());
  }

  @Test
  void requestThatWouldMakeTheSetTooLargeIsDeadLetteredAndTheCandidatesStillFormASet() {
    start(Map.of(BlendConfig.RECORD_MAX_BYTES, 64 * 1024));
    candidate("a", "r1", "w".repeat(20_000));
    candidate("b", "r1", "w".repeat(20_000));
    byte[] request = request("r1", List.of("a", "b", "c"), "r".repeat(20_000));
    driver.advanceWallClockTime(Duration.ofMillis(1100));

    List<DeadLetter> letters = deadLetters();
    assertEquals(1, letters.size());
    assertTrue(
        letters.get(0).getReason().contains("its request record"), letters.get(0).getReason());
    assertArrayEquals(request, bytes(letters.get(0).getOriginal()));
    assertEquals(2, sets().get(0).getCandidates().size());
  }

  @Test
  void aCandidateAfterALargeRequestIsCountedWithTheRequestTheStateKeptTheSizeOf() {
    start(Map.of(BlendConfig.RECORD_MAX_BYTES, 64 * 1024));
    request("r1", List.of("a", "b", "c"), "r".repeat(30_000));
    candidate("a", "r1", "w".repeat(10_000));
    long kept = assembly.states().get("r1").getRequestBytes();
    assertTrue(kept > 30_000 && kept < 31_000, "the request's size, once: " + kept);
    byte[] second = candidate("b", "r1", "w".repeat(10_000));
    driver.advanceWallClockTime(Duration.ofMillis(1100));

    List<DeadLetter> letters = deadLetters();
    assertEquals(1, letters.size());
    assertTrue(
        letters.get(0).getReason().contains("the candidate of b its set would take"),
        letters.get(0).getReason());
    assertArrayEquals(second, bytes(letters.get(0).getOriginal()));
    assertEquals(1, sets().get(0).getCandidates().size());
  }

  @Test
  void textLongerThanCandidateMaxCharsIsCutAndTheSetNamesItsModel() {
    start(Map.of(BlendConfig.CANDIDATE_MAX_CHARS, 100));
    candidate("a", "r1", "x".repeat(250));
    candidate("b", "r1", "short");
    candidate("c", "r1", "y".repeat(100));

    CandidateSet set = sets().get(0);
    assertEquals(List.of("a"), set.getTruncatedModels());
    Candidate a = set.getCandidates().get(0);
    assertEquals(100, a.getText().length());
    assertEquals("250", a.getMetadata().get(CandidateText.TRUNCATED_FROM_CHARS));
    assertEquals(
        100,
        set.getCandidates().get(2).getText().length(),
        "a text of exactly the limit is kept whole");
    assertEquals(List.of(), deadLetters());
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}

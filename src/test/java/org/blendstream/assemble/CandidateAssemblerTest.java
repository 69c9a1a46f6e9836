package org.blendstream.assemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.Topics;
import org.blendstream.avro.AssemblyReason;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.DeadLetter;
import org.blendstream.avro.Request;
import org.blendstream.ingest.AvroSerdeFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CandidateAssemblerTest {

  private static final Instant T0 = AssemblyDriver.T0;
  private final Topics topics = new Topics("blend");
  private AssemblyDriver assembly;
  private TopologyTestDriver driver;
  private AvroSerdeFactory serdes;
  private BlendConfig config;

  private void start(Map<String, Object> overrides) {
    start(overrides, null);
  }

  /**
   * The app's view of how far the task has read, fed as its probe would feed it (see {@link
   * #advance}); null for the tests that do not stage a backlog, since the driver processes every
   * piped record before it returns.
   */
  private InputFrontier frontier;

  private long clock = T0.toEpochMilli();
  private static final TopicPartition INPUT = new TopicPartition("blend.requests", 0);

  private void start(Map<String, Object> overrides, List<String> candidateTopics) {
    assembly = new AssemblyDriver(overrides, candidateTopics, frontier, BlendMetrics.none());
    driver = assembly.driver;
    serdes = assembly.serdes;
    config = assembly.config;
  }

  @AfterEach
  void tearDown() {
    if (assembly != null) {
      assembly.close();
    }
  }

  /** Starts with a frontier that the test feeds through {@link #advance}. */
  private void startProbed(Map<String, Object> overrides) {
    frontier = new InputFrontier();
    start(overrides);
  }

  /**
   * Moves the wall clock on in probe-sized steps; at each, the app's probe finds {@code end}
   * records on the broker and {@code committed} of them read and committed by the task (equal:
   * caught up), or finds nothing when the broker is unreachable ({@code end < 0}).
   */
  private void advance(long ms, long end, long committed) {
    for (long done = 0; done < ms; done += 100) {
      long step = Math.min(100, ms - done);
      clock += step;
      if (end >= 0) {
        frontier.observe(clock, Map.of(INPUT, end), Map.of(INPUT, committed), Set.of());
      }
      driver.advanceWallClockTime(Duration.ofMillis(step));
    }
  }

  private void candidate(String model, String requestId, String text) {
    candidate(model, requestId, text, "Say hi");
  }

  private void candidate(String model, String requestId, String text, String instruction) {
    assembly.candidate(
        Candidate.newBuilder()
            .setRequestId(requestId)
            .setModel(model)
            .setText(text)
            .setInstruction(instruction)
            .setCreatedAt(0L)
            .build(),
        null);
  }

  /** A candidate whose record timestamp (its producer's create time) is {@code timestamp}. */
  private void candidateAt(String model, String requestId, Instant timestamp) {
    assembly.candidate(
        Candidate.newBuilder()
            .setRequestId(requestId)
            .setModel(model)
            .setText("answer of " + model)
            .setInstruction("Say hi")
            .setCreatedAt(timestamp.toEpochMilli())
            .build(),
        timestamp);
  }

  private void requestAt(String requestId, String reference, Instant timestamp) {
    assembly.request(
        Request.newBuilder()
            .setRequestId(requestId)
            .setInstruction("Say hi")
            .setReference(reference)
            .setCreatedAt(timestamp.toEpochMilli())
            .build(),
        timestamp);
  }

  private void request(String requestId, List<String> expected, Long deadlineMs) {
    assembly.request(
        Request.newBuilder()
            .setRequestId(requestId)
            .setInstruction("Say hi")
            .setExpectedModels(expected)
            .setDeadlineMs(deadlineMs)
            .setCreatedAt(0L)
            .build(),
        null);
  }

  private TestOutputTopic<String, CandidateSet> sets() {
    return assembly.sets();
  }

  private TestOutputTopic<String, DeadLetter> deadLetters() {
    return assembly.deadLetters();
  }

  private double metricTotal(String operation) {
    return assembly.metricTotal(operation);
  }

  @Test
  void emitsCompleteSetAsSoonAsAllExpectedModelsAnswered() {
    start(Map.of());
    request("r1", List.of("a", "b"), null);
    candidate("a", "r1", "hello");
    assertTrue(sets().isEmpty());
    candidate("b", "r1", "hi there");
    List<CandidateSet> out = sets().readValuesToList();
    assertEquals(1, out.size());
    CandidateSet set = out.get(0);
    assertTrue(set.getComplete());
    assertEquals(AssemblyReason.ALL_ARRIVED, set.getReason());
    assertEquals(List.of("a", "b"), set.getCandidates().stream().map(Candidate::getModel).toList());
    assertEquals("Say hi", set.getRequest().getInstruction());
  }

  @Test
  void emitsPartialSetAtWallClockDeadline() {
    start(Map.of());
    candidate("a", "r1", "hello");
    candidate("b", "r1", "hi");
    driver.advanceWallClockTime(Duration.ofMillis(900));
    assertTrue(sets().isEmpty(), "nothing before the deadline");
    driver.advanceWallClockTime(Duration.ofMillis(150));
    CandidateSet set = sets().readValue();
    assertFalse(set.getComplete());
    assertEquals(AssemblyReason.DEADLINE, set.getReason());
    assertEquals(List.of("c"), set.getMissingModels());
    assertEquals(2, set.getCandidates().size());
    assertEquals(1.0, metricTotal("sets-deadline"));
  }

  @Test
  void requestDeadlineOverridesTheDefault() {
    start(Map.of());
    request("r1", List.of(), 200L);
    candidate("a", "r1", "hello");
    driver.advanceWallClockTime(Duration.ofMillis(250));
    CandidateSet set = sets().readValue();
    assertEquals(AssemblyReason.DEADLINE, set.getReason());
    assertEquals(List.of("b", "c"), set.getMissingModels());
  }

  @Test
  void candidatesWithoutRequestFormSetFromTheirOwnPrompt() {
    start(Map.of());
    candidate("a", "r1", "x");
    candidate("b", "r1", "y");
    candidate("c", "r1", "z");
    CandidateSet set = sets().readValue();
    assertTrue(set.getComplete());
    assertEquals("Say hi", set.getRequest().getInstruction());
    assertEquals(List.of("a", "b", "c"), set.getRequest().getExpectedModels());
  }

  @Test
  void holdsEarlyCandidatesUntilTheRequiredRequestArrives() {
    start(Map.of(BlendConfig.REQUESTS_REQUIRED, true));
    candidate("a", "r1", "x");
    candidate("b", "r1", "y");
    driver.advanceWallClockTime(Duration.ofMillis(5000));
    assertTrue(sets().isEmpty(), "held past the deadline because the request is required");
    request("r1", List.of("a", "b"), null);
    CandidateSet set = sets().readValue();
    assertTrue(set.getComplete());
    assertEquals(2, set.getCandidates().size());
  }

  @Test
  void heldCandidatesGoToDlqWhenRequestTtlExpires() {
    start(Map.of(BlendConfig.REQUESTS_REQUIRED, true, BlendConfig.REQUEST_TTL_MS, 3000L));
    candidate("a", "r1", "x");
    driver.advanceWallClockTime(Duration.ofMillis(3100));
    assertTrue(sets().isEmpty());
    DeadLetter letter = deadLetters().readValue();
    assertTrue(letter.getReason().contains("request.ttl.ms"), letter.getReason());
    assertEquals(topics.candidates("a"), letter.getSourceTopic());
    byte[] original = new byte[letter.getOriginal().remaining()];
    letter.getOriginal().get(original);
    Candidate back =
        serdes
            .serde(Candidate.class, config)
            .deserializer()
            .deserialize(letter.getSourceTopic(), original);
    assertEquals("x", back.getText(), "the held candidate is kept in the dead letter, not lost");
  }

  @Test
  void keepsFirstDuplicateAndCountsTheRest() {
    start(Map.of());
    candidate("a", "r1", "first");
    candidate("a", "r1", "second");
    candidate("a", "r1", "third");
    candidate("b", "r1", "b");
    candidate("c", "r1", "c");
    CandidateSet set = sets().readValue();
    assertEquals("first", set.getCandidates().get(0).getText());
    assertEquals(3, set.getCandidates().size());
    assertEquals(2.0, metricTotal("candidates-duplicate"));
  }

  @Test
  void routesCandidatesArrivingAfterEmissionToLateTopic() {
    start(Map.of());
    candidate("a", "r1", "x");
    driver.advanceWallClockTime(Duration.ofMillis(1100));
    assertEquals(1, sets().readValuesToList().size());
    candidate("b", "r1", "too late");
    TestOutputTopic<String, Candidate> late = assembly.output(topics.late(), Candidate.class);
    Candidate c = late.readValue();
    assertEquals("too late", c.getText());
    assertTrue(sets().isEmpty(), "a late candidate does not open a second set");
    assertEquals(1.0, metricTotal("candidates-late"));
  }

  @Test
  void theMarkerOfAnEmittedSetKeepsNoneOfItsRequestOrAnswers() {
    start(Map.of());
    request("r1", List.of("a", "b"), null);
    candidate("a", "r1", "x");
    candidate("b", "r1", "y");
    assertEquals(1, sets().readValuesToList().size());
    org.blendstream.avro.AssemblyState marker = assembly.states().get("r1");
    assertTrue(marker.getEmittedAt() != null, "remembered as emitted");
    assertNull(marker.getRequest());
    assertNull(marker.getInstruction());
    assertEquals(List.of(), marker.getModels());
    assertEquals(List.of(), marker.getCandidatePositions());
    candidate("b", "r1", "again");
    assertEquals(1.0, metricTotal("candidates-late"), "and still routes what comes after as late");
  }

  @Test
  void deadLettersInsteadOfEmittingBelowMinCandidatesOnceTheGraceIsOver() {
    start(Map.of(BlendConfig.MIN_CANDIDATES, 2, BlendConfig.ASSEMBLY_RESTORE_GRACE_MS, 2000L));
    candidate("a", "r1", "alone");
    driver.advanceWallClockTime(Duration.ofMillis(2500));
    assertTrue(sets().isEmpty());
    assertTrue(deadLetters().isEmpty(), "too few to form a set: the rest get the grace to arrive");
    driver.advanceWallClockTime(Duration.ofMillis(1000));
    assertTrue(sets().isEmpty());
    DeadLetter letter = deadLetters().readValue();
    assertTrue(letter.getReason().contains("min.candidates=2"), letter.getReason());
  }

  @Test
  void aRequestWhoseAnswersAreHeldUpPastItsDeadlineStillGetsThemWithinTheGrace() {
    startProbed(Map.of());
    requestAt("r1", null, T0);
    advance(
        1500, 1,
        1); // deadline T0 + 1 s passes with no candidate: producers buffering through an outage
    assertTrue(deadLetters().isEmpty(), "nothing to answer with yet, so nothing is given up");
    candidateAt("a", "r1", T0.plusMillis(200));
    candidateAt("b", "r1", T0.plusMillis(200));
    candidateAt("c", "r1", T0.plusMillis(200));
    assertTrue(sets().readValue().getComplete());
    assertTrue(deadLetters().isEmpty());
  }

  @Test
  void candidateWithDisagreeingPromptGoesToDlqAndSetStillForms() {
    start(Map.of());
    candidate("a", "r1", "x");
    candidate("b", "r1", "y", "Another prompt");
    candidate("b", "r1", "y2");
    candidate("c", "r1", "z");
    CandidateSet set = sets().readValue();
    assertEquals("y2", set.getCandidates().get(1).getText());
    DeadLetter letter = deadLetters().readValue();
    assertEquals("validation", letter.getErrorClass());
    assertTrue(letter.getReason().contains("differs"), letter.getReason());
  }

  @Test
  void malformedBytesAreSkippedAndTheNextRequestIsStillAssembled() {
    // The DLQ record itself is asserted in DeadLetterDeserializationHandlerTest and over the real
    // broker.
    start(Map.of());
    assembly.raw(topics.candidates("a"), "r1", new byte[] {7, 1, 2, 3, 4, 5, 6});
    candidate("a", "r2", "x");
    candidate("b", "r2", "y");
    candidate("c", "r2", "z");
    assertEquals("r2", sets().readValue().getRequestId());
  }

  @Test
  void emptyTextIsAValidationError() {
    start(Map.of());
    candidate("a", "r1", "");
    DeadLetter letter = deadLetters().readValue();
    assertTrue(letter.getReason().contains("empty text"), letter.getReason());
  }

  @Test
  void liveSetOnAnIdleTopicClosesAtItsDeadlineByWallClock() {
    startProbed(Map.of());
    candidateAt("a", "r1", T0);
    advance(900, 1, 1);
    assertTrue(sets().isEmpty(), "nothing before the deadline");
    advance(200, 1, 1);
    CandidateSet set = sets().readValue();
    assertEquals(AssemblyReason.DEADLINE, set.getReason());
    assertEquals(List.of("b", "c"), set.getMissingModels());
  }

  @Test
  void setReadFromABacklogWaitsForItsOtherCandidatesInsteadOfClosingAtOnce() {
    startProbed(Map.of());
    // The task comes back 10 s after these were produced, as after a kill -9 and a restart: 3
    // records wait for it.
    advance(10_000, -1, 0);
    candidateAt("a", "r1", T0);
    advance(500, 3, 1);
    assertTrue(
        sets().isEmpty(),
        "r1 is past its deadline by the wall clock, but its siblings are still in the backlog");
    candidateAt("b", "r1", T0.plusMillis(5));
    advance(500, 3, 2);
    candidateAt("c", "r1", T0.plusMillis(10));
    CandidateSet set = sets().readValue();
    assertTrue(
        set.getComplete(), "every candidate was produced before the deadline, so the set is whole");
    assertEquals(AssemblyReason.ALL_ARRIVED, set.getReason());
  }

  @Test
  void backlogSetClosesOnceTheTaskHasReadWhatTheBrokerHeldAtItsDeadline() {
    startProbed(Map.of());
    advance(10_000, -1, 0);
    candidateAt("a", "r1", T0);
    advance(300, 2, 1);
    assertTrue(sets().isEmpty(), "one record of the backlog is unread");
    candidateAt("a", "r2", T0.plus(Duration.ofMillis(10_300))); // the backlog's last record, fresh
    advance(200, 2, 2);
    List<CandidateSet> out = sets().readValuesToList();
    assertEquals(
        List.of("r1"),
        out.stream().map(CandidateSet::getRequestId).toList(),
        "r1's deadline is behind what has been read; r2's is still ahead");
    assertEquals(AssemblyReason.DEADLINE, out.get(0).getReason());
  }

  @Test
  void setOfATaskThatStaysBehindClosesAfterTheRestoreGrace() {
    startProbed(Map.of(BlendConfig.ASSEMBLY_RESTORE_GRACE_MS, 3000L));
    candidateAt("a", "r1", T0);
    advance(
        3500, 50, 1); // the task cannot get through its backlog (a partition that does not move)
    assertTrue(sets().isEmpty(), "within the grace: the deadline (T0 + 1 s) plus 3 s");
    advance(600, 50, 1);
    assertEquals(AssemblyReason.DEADLINE, sets().readValue().getReason());
  }

  @Test
  void afterAnOutageLongerThanTheGraceRestoredSetsStillMeetTheirBacklog() {
    startProbed(Map.of(BlendConfig.ASSEMBLY_RESTORE_GRACE_MS, 30_000L));
    Instant produced = T0.minusSeconds(60); // produced a minute before this task started
    candidateAt("a", "r1", produced);
    advance(200, 3, 1);
    assertTrue(
        sets().isEmpty(), "the grace counts from the task's start, not from a deadline long past");
    candidateAt("b", "r1", produced.plusMillis(3));
    candidateAt("c", "r1", produced.plusMillis(6));
    assertTrue(sets().readValue().getComplete());
  }

  @Test
  void liveSetDoesNotCloseWhileTheBrokerIsUnreachable() {
    startProbed(Map.of());
    candidateAt("a", "r1", T0);
    advance(100, 1, 1);
    advance(2500, -1, 0); // the broker stops answering: the other answers may be there, unread
    assertTrue(
        sets().isEmpty(),
        "nothing proves that the task read what was produced before the deadline");
    candidateAt("b", "r1", T0.plusMillis(10)); // back
    candidateAt("c", "r1", T0.plusMillis(20));
    assertTrue(sets().readValue().getComplete());
  }

  @Test
  void afterAnOutageTheGraceStartsAgain() {
    startProbed(
        Map.of(
            BlendConfig.ASSEMBLY_RESTORE_GRACE_MS, 2000L, BlendConfig.ASSEMBLY_CATCHUP_MS, 500L));
    candidateAt("a", "r1", T0);
    advance(100, 1, 1);
    advance(4000, -1, 0); // longer than deadline + grace
    advance(1000, 5, 1); // back, with a backlog the task has not read yet
    assertTrue(sets().isEmpty(), "the backlog gets its grace after the outage");
    advance(1500, 5, 1);
    assertEquals(AssemblyReason.DEADLINE, sets().readValue().getReason(), "then the grace is over");
  }

  @Test
  void completeSetWaitsForItsExpectedRequestAndCarriesItsFields() {
    start(Map.of(BlendConfig.REQUESTS_EXPECTED, true, BlendConfig.REQUEST_WAIT_MS, 500L));
    Instant now = T0;
    candidateAt("a", "r1", now);
    candidateAt("b", "r1", now);
    candidateAt("c", "r1", now);
    driver.advanceWallClockTime(Duration.ofMillis(200));
    assertTrue(sets().isEmpty(), "all models are in, but the request is expected");
    requestAt("r1", "the reference", T0.plusMillis(200));
    CandidateSet set = sets().readValue();
    assertTrue(set.getComplete());
    assertEquals(AssemblyReason.ALL_ARRIVED, set.getReason());
    assertEquals(
        "the reference",
        set.getRequest().getReference(),
        "the real request's fields, not a made-up request");
  }

  @Test
  void completeSetWithoutAPromptWaitsForItsRequestEvenWhenRequestsAreNotExpected() {
    start(Map.of(BlendConfig.REQUEST_WAIT_MS, 500L));
    for (String m : List.of("a", "b", "c")) {
      candidate(m, "r1", "answer of " + m, null);
    }
    driver.advanceWallClockTime(Duration.ofMillis(200));
    assertTrue(
        sets().isEmpty() && deadLetters().isEmpty(),
        "no candidate carries the prompt: only the request can, so the set waits for it instead of"
            + " the DLQ");
    requestAt("r1", "read after its answers", T0.plusMillis(200));
    CandidateSet set = sets().readValue();
    assertEquals("Say hi", set.getRequest().getInstruction());
    assertEquals(AssemblyReason.ALL_ARRIVED, set.getReason());
  }

  @Test
  void completeSetWithAPromptGoesOutAtOnceWhenRequestsAreNotExpected() {
    start(Map.of(BlendConfig.REQUEST_WAIT_MS, 500L));
    for (String m : List.of("a", "b", "c")) {
      candidate(m, "r1", "answer of " + m);
    }
    assertEquals(AssemblyReason.ALL_ARRIVED, sets().readValue().getReason());
  }

  @Test
  void requestAfterItsSetIsCountedAndRoutedAsLateNotDeadLettered() {
    start(Map.of(BlendConfig.REQUESTS_EXPECTED, true, BlendConfig.REQUEST_WAIT_MS, 300L));
    candidateAt("a", "r1", T0);
    candidateAt("b", "r1", T0);
    candidateAt("c", "r1", T0);
    driver.advanceWallClockTime(Duration.ofMillis(350));
    CandidateSet set = sets().readValue();
    assertTrue(set.getComplete(), "request.wait.ms passed: the set goes out without its request");
    assertEquals(AssemblyReason.ALL_ARRIVED, set.getReason());
    requestAt("r1", "too late", T0.plusMillis(350));
    TestOutputTopic<String, Request> late = assembly.output(topics.lateRequests(), Request.class);
    assertEquals("too late", late.readValue().getReference());
    assertTrue(deadLetters().isEmpty(), "a late request is not an error");
    assertTrue(sets().isEmpty());
    assertEquals(1.0, metricTotal("requests-late"));
  }

  @Test
  void setWaitsBeyondItsDeadlineForAModelWhoseTopicIsNotReadYet() {
    start(
        Map.of(BlendConfig.ASSEMBLY_RESTORE_GRACE_MS, 2000L),
        List.of(topics.candidates("a"), topics.candidates("b")));
    candidateAt("a", "r1", T0);
    candidateAt("b", "r1", T0);
    driver.advanceWallClockTime(Duration.ofMillis(1500));
    assertTrue(
        sets().isEmpty(),
        "c is expected and its topic is not subscribed yet, so its answer may be waiting there");
    driver.advanceWallClockTime(Duration.ofMillis(1600));
    CandidateSet set = sets().readValue();
    assertEquals(List.of("c"), set.getMissingModels(), "after the grace the set closes without it");
  }

  /**
   * Every byte the assembler's stores write to their changelogs while 10 sets of {@code n}
   * candidates of 1,000 characters close complete, with every change written.
   */
  private long changelogBytes(int n) {
    List<String> models = java.util.stream.IntStream.range(0, n).mapToObj(k -> "m" + k).toList();
    // Without the stores' caches, every change reaches the changelog: the worst case, a set whose
    // candidates arrive
    // in different commit intervals, as they do when the models answer seconds apart.
    start(
        Map.of(
            BlendConfig.MODELS,
            String.join(",", models),
            "streams.statestore.cache.max.bytes",
            "0"));
    String answer = "x".repeat(1000);
    for (int r = 0; r < 10; r++) {
      for (String m : models) {
        candidate(m, "r" + r, answer);
      }
    }
    assertEquals(10, sets().readValuesToList().size(), "every set closed complete");
    long bytes = 0;
    for (String store :
        List.of(
            AssemblyTopology.STATE_STORE,
            AssemblyTopology.CANDIDATES_STORE,
            AssemblyTopology.DUE_STORE)) {
      TestOutputTopic<byte[], byte[]> changelog =
          driver.createOutputTopic(
              config.applicationId() + "-" + store + "-changelog",
              new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
              new org.apache.kafka.common.serialization.ByteArrayDeserializer());
      for (var rec : changelog.readRecordsToList()) {
        bytes += rec.key().length + (rec.value() == null ? 0 : rec.value().length);
      }
    }
    assembly.close();
    assembly = null;
    return bytes;
  }

  @Test
  void changelogBytesGrowLinearlyWithTheSetSizeNotQuadratically() {
    long four = changelogBytes(4);
    long eight = changelogBytes(8);
    long sixteen = changelogBytes(16);
    // Every answer but the one that completes its set is written once and deleted once: that one
    // is held and released within one commit, and never written.
    assertTrue(four > 10 * 3 * 1000, "at least each answer held across a commit once: " + four);
    // Linear: going from 8 to 16 answers adds twice what going from 4 to 8 did. Rewriting the
    // growing set for every candidate wrote N(N+1)/2 answer copies: 100 more from 8 to 16, 26 more
    // from 4 to 8, 3.8 times as many.
    double ratio = (double) (sixteen - eight) / (eight - four);
    assertTrue(
        ratio < 2.5,
        "4, 8 and 16 candidates wrote "
            + four
            + ", "
            + eight
            + " and "
            + sixteen
            + " bytes: the"
            + " second step "
            + ratio
            + " times the first");
  }

  /**
   * Writes request {@code id}'s state as a version before the candidates store did, into the stores
   * this app restores before it reads a record: {@code model}'s candidate inside the state, none in
   * the store, no prompt of its own and no position; due at the deadline from the driver's start.
   */
  private void heldInlineAsTheOldCodeDid(String id, String model) {
    WriteBehindStore<org.blendstream.avro.AssemblyState> states = assembly.states();
    org.apache.kafka.streams.state.KeyValueStore<String, String> due =
        driver.getKeyValueStore(AssemblyTopology.DUE_STORE);
    long now = AssemblyDriver.T0.toEpochMilli();
    long dueAt = DueIndex.after(now, 1000);
    states.put(
        id,
        org.blendstream.avro.AssemblyState.newBuilder()
            .setFirstArrivalAt(now)
            .setOriginAt(now)
            .setDueAt(dueAt)
            .setCandidates(
                List.of(
                    Candidate.newBuilder()
                        .setRequestId(id)
                        .setModel(model)
                        .setText("answer of " + model)
                        .setInstruction("Say hi")
                        .setCreatedAt(0L)
                        .build()))
            .build());
    due.put(DueIndex.key(dueAt, id), id);
  }

  @Test
  void aStateThatHeldItsCandidatesInlineKeepsThemAfterAnUpgrade() {
    start(Map.of());
    heldInlineAsTheOldCodeDid("r1", "a");
    candidate("b", "r1", "answer of b");
    candidate("c", "r1", "answer of c");
    CandidateSet set = sets().readValue();
    assertEquals(
        List.of("a", "b", "c"), set.getCandidates().stream().map(Candidate::getModel).toList());
    assertEquals("Say hi", set.getRequest().getInstruction());
    assertTrue(set.getComplete());
  }

  @Test
  void anUpgradedStatesCandidatesKeepTheirOwnPositionsWhenTheSetIsGivenUp() {
    start(Map.of(BlendConfig.MIN_CANDIDATES, 3, BlendConfig.ASSEMBLY_RESTORE_GRACE_MS, 2000L));
    heldInlineAsTheOldCodeDid("r1", "a");
    candidate("b", "r1", "answer of b");
    driver.advanceWallClockTime(Duration.ofMillis(3500));
    Map<String, DeadLetter> letters = new HashMap<>();
    deadLetters().readValuesToList().forEach(l -> letters.put(l.getSourceTopic(), l));
    assertEquals(
        Set.of(topics.candidates("a"), topics.candidates("b")),
        letters.keySet(),
        "each candidate under its own topic, not another's position");
    assertEquals(
        -1L, letters.get(topics.candidates("a")).getOffset(), "a's position was never recorded");
    assertTrue(
        letters.get(topics.candidates("b")).getOffset() >= 0,
        "b keeps its own position, not a's slot");
  }
}

package org.blendstream.assemble;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.blendstream.BlendConfig;
import org.blendstream.Topics;
import org.blendstream.avro.AssemblyReason;
import org.blendstream.avro.AssemblyState;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.Request;
import org.blendstream.avro.SourcePosition;
import org.blendstream.ingest.CandidateText;
import org.blendstream.ingest.DeadLetters;
import org.blendstream.ingest.EncodedRecord;
import org.blendstream.ingest.InvalidRecordException;
import org.blendstream.ingest.RecordValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the candidates of one request into a set. A set is emitted as soon as every expected
 * model answered, or by a wall-clock punctuator at the deadline: stream time would not advance on
 * an idle topic, and a slow model must not hold the others' answers hostage.
 *
 * <p>The deadline counts from the record timestamp (the broker's append time) of the request's
 * first record (capped at its arrival), not from when this task happened to read it, and a due set
 * closes only once the task has read everything the broker held for it at its deadline ({@link
 * InputFrontier}). After a restart, a rebalance or an outage the task reads a backlog whose records
 * were produced long ago; closing the restored sets at the first punctuation would cut off the
 * candidates still waiting in that backlog.
 *
 * <p>Forwards four kinds of values downstream, which the topology routes by type: {@link
 * CandidateSet}s, late {@link Candidate}s, late {@link Request}s and {@link
 * org.blendstream.avro.DeadLetter}s.
 */
final class CandidateAssembler
    extends ContextualProcessor<String, SpecificRecord, String, SpecificRecord> {

  private static final Logger LOG = LoggerFactory.getLogger(CandidateAssembler.class);

  private final BlendConfig config;
  private final Topics topics;
  private final Serializer<Candidate> candidateBytes;
  private final Serializer<Request> requestBytes;
  private final SetLimits limits;
  private final Set<String> readModels;
  private final InputFrontier frontier;
  private WriteBehindStore<AssemblyState> states;
  private HeldCandidates held;
  private DueIndex due;
  private AssemblyMetrics metrics;

  /**
   * When this task started, or the broker came back: the grace for the restored sets runs from
   * here.
   */
  private long startedAt;

  /**
   * @param readModels the models whose candidate topics this topology reads, or null when it reads
   *     them all (a pattern); a set never closes before a grace while an expected model's topic is
   *     not read at all yet
   * @param frontier how far the app has read its input, from the broker's offsets; null when every
   *     record is processed as soon as it is written (the topology test driver)
   */
  CandidateAssembler(
      BlendConfig config,
      Serializer<Candidate> candidateBytes,
      Serializer<Request> requestBytes,
      Set<String> readModels,
      InputFrontier frontier) {
    this.config = config;
    this.topics = config.topics();
    this.candidateBytes = candidateBytes;
    this.requestBytes = requestBytes;
    this.limits = new SetLimits(config);
    this.readModels = readModels == null ? null : Set.copyOf(readModels);
    this.frontier = frontier;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    super.init(context);
    states = context.getStateStore(AssemblyTopology.STATE_STORE);
    held =
        new HeldCandidates(
            context.getStateStore(AssemblyTopology.CANDIDATES_STORE),
            candidateBytes,
            AssemblyTopology.changelogTopic(
                context.applicationId(), AssemblyTopology.CANDIDATES_STORE));
    due = new DueIndex(context.getStateStore(AssemblyTopology.DUE_STORE));
    metrics = new AssemblyMetrics(context.metrics(), context.taskId().toString());
    startedAt = context.currentSystemTimeMs();
    context.schedule(
        Duration.ofMillis(config.punctuateIntervalMs()),
        PunctuationType.WALL_CLOCK_TIME,
        this::fireDue);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    long now = context().currentSystemTimeMs();
    if (record.value() instanceof Candidate candidate) {
      onCandidate(record.key(), candidate, record, now);
    } else if (record.value() instanceof Request request) {
      onRequest(record.key(), request, record, now);
    } else {
      throw new InvalidRecordException(
          "unexpected value type "
              + (record.value() == null
                  ? "null (tombstone)"
                  : record.value().getClass().getSimpleName()));
    }
  }

  /**
   * When a record happened, for deadlines: its timestamp, the broker's append time on the input
   * topics blendstream creates (never a producer's clock, which may be behind), but never later
   * than its arrival (a broker clock ahead).
   */
  private static long recordTime(Record<String, SpecificRecord> record, long now) {
    return record.timestamp() < 0 ? now : Math.min(record.timestamp(), now);
  }

  private void onCandidate(
      String key, Candidate candidate, Record<String, SpecificRecord> record, long now) {
    String topicModel = context().recordMetadata().map(m -> topics.modelOf(m.topic())).orElse(null);
    RecordValidator.validate(key, candidate, topicModel);
    String id = candidate.getRequestId();
    AssemblyState state = state(id);
    if (state != null && state.getEmittedAt() != null) {
      // Its set is gone; a user can still see and replay it from the late topic.
      state.setLate(state.getLate() + 1);
      states.put(id, state);
      metrics.late.record();
      context().forward(record.withValue(candidate));
      return;
    }
    EncodedRecord<Candidate> encoded = new EncodedRecord<>(candidate);
    long bytes = admit(state, encoded);
    if (state == null) {
      state = open(id, recordTime(record, now), now);
    }
    if (modelsOf(state).contains(candidate.getModel())) {
      state.setDuplicates(state.getDuplicates() + 1);
      states.put(id, state);
      metrics.duplicates.record();
      return;
    }
    requireSamePrompt(
        id,
        promptOf(state),
        candidate.getInstruction(),
        candidate.getInput(),
        candidate.getModel());
    held.hold(id, encoded, state);
    state.setHeldBytes(state.getHeldBytes() + bytes);
    if (state.getInstruction() == null && candidate.getInstruction() != null) {
      state.setInstruction(candidate.getInstruction());
      state.setInput(candidate.getInput());
    }
    List<SourcePosition> positions = new ArrayList<>(state.getCandidatePositions());
    positions.add(position());
    state.setCandidatePositions(positions);
    advance(id, state, recordTime(record, now), now);
  }

  private void onRequest(
      String key, Request request, Record<String, SpecificRecord> record, long now) {
    RecordValidator.validate(key, request);
    String id = request.getRequestId();
    AssemblyState state = state(id);
    if (state != null && state.getEmittedAt() != null) {
      // Not an error: its set went out without it (deadline, or request.wait.ms), and a user can
      // replay it from here.
      state.setLateRequests(state.getLateRequests() + 1);
      states.put(id, state);
      metrics.lateRequests.record();
      context().forward(record.withValue(request));
      return;
    }
    long requestBytes = admit(state, request);
    if (state == null) {
      state = open(id, recordTime(record, now), now);
    } else if (state.getRequest() != null) {
      throw new InvalidRecordException("request " + id + " was published twice");
    }
    for (Candidate c : held.of(id, state)) {
      requireSamePrompt(
          id,
          new Prompt(request.getInstruction(), request.getInput()),
          c.getInstruction(),
          c.getInput(),
          c.getModel());
    }
    state.setRequest(request);
    state.setRequestBytes(requestBytes);
    state.setRequestPosition(position());
    advance(id, state, recordTime(record, now), now);
  }

  /**
   * Counted here as well as dead-lettered, so that a cap that bites shows in the metrics, not only
   * in the DLQ; a refused candidate's model is remembered, so that its set does not list as missing
   * a model that did answer.
   */
  private long admit(AssemblyState state, EncodedRecord<Candidate> candidate) {
    Candidate c = candidate.value();
    try {
      return limits.admit(state, c, () -> held.bytesOf(candidate));
    } catch (InvalidRecordException e) {
      metrics.overLimit.record();
      if (state != null && !state.getRefusedModels().contains(c.getModel())) {
        List<String> refused = new ArrayList<>(state.getRefusedModels());
        refused.add(c.getModel());
        state.setRefusedModels(refused);
        states.put(c.getRequestId(), state);
      }
      throw e;
    }
  }

  private long admit(AssemblyState state, Request request) {
    try {
      return limits.admit(state, request);
    } catch (InvalidRecordException e) {
      metrics.overLimit.record();
      throw e;
    }
  }

  private AssemblyState open(String id, long origin, long now) {
    AssemblyState state =
        AssemblyState.newBuilder()
            .setFirstArrivalAt(now)
            .setOriginAt(origin)
            .setDueAt(DueIndex.after(origin, config.deadlineMs()))
            .build();
    due.schedule(id, state.getDueAt());
    return state;
  }

  /**
   * Emits the set if it is complete (and, with {@code requests.expected}, has its request or waited
   * for it long enough), otherwise (re)schedules its deadline, request wait or request TTL.
   */
  private void advance(String id, AssemblyState state, long recordTime, long now) {
    long previousDue = state.getDueAt();
    boolean waitingForRequest = config.requestsRequired() && state.getRequest() == null;
    List<String> expected = expectedModels(state);
    if (!waitingForRequest && !expected.isEmpty() && modelsOf(state).containsAll(expected)) {
      // A set that no record gave a prompt can only get one from its request: waiting for it costs
      // nothing, since the
      // alternative is the DLQ, so it waits even when requests are not expected (their topic may
      // just be read later).
      boolean requestAwaited = config.requestsExpected() || promptOf(state).instruction() == null;
      if (state.getRequest() != null || !requestAwaited || config.requestWaitMs() == 0) {
        due.unschedule(id, previousDue);
        emit(id, state, AssemblyReason.ALL_ARRIVED, now);
        return;
      }
      if (state.getModelsInAt() == null) {
        state.setModelsInAt(recordTime);
      }
    } else {
      state.setModelsInAt(null);
    }
    long nextDue =
        waitingForRequest
            ? DueIndex.after(originOf(state), config.requestTtlMs())
            : state.getModelsInAt() != null
                ? DueIndex.after(state.getModelsInAt(), config.requestWaitMs())
                : deadlineAt(state);
    if (nextDue != previousDue) {
      // Most candidates leave the due time alone; only a request (its deadline, or its arrival)
      // moves it.
      due.unschedule(id, previousDue);
      state.setDueAt(nextDue);
      due.schedule(id, nextDue);
    }
    states.put(id, state);
  }

  /**
   * Due times are wall-clock times; an entry fires once it is due and the task has read everything
   * the broker held for it by then, or once the grace is over: when the broker cannot be asked, or
   * a partition does not move.
   */
  private void fireDue(long now) {
    if (frontier != null && now - frontier.observedAt() > config.assemblyCatchupMs()) {
      startedAt =
          now; // out of reach: when it is back, the restored sets get their grace to meet the
      // backlog
    }
    long grace = config.assemblyRestoreGraceMs();
    // The grace runs from the deadline or from this task's start, whichever is later: after an
    // outage longer than
    // the grace, the restored sets still get their chance to meet the backlog.
    long byGrace = now >= startedAt + grace ? now - grace : Long.MIN_VALUE;
    long readUpTo = frontier == null ? now : frontier.readUpTo(context().taskId().partition());
    long horizon = Math.min(now, Math.max(readUpTo, byGrace));
    for (KeyValue<Long, String> entry : due.takeDue(horizon)) {
      String id = entry.value;
      AssemblyState state = state(id);
      if (state == null || DueIndex.slot(state.getDueAt()) != entry.key) {
        continue; // superseded by a reschedule
      }
      if (state.getEmittedAt() != null) {
        states.put(id, null); // late-candidate retention is over
      } else if (waitsForUnreadTopic(state) && now < waitBound(state, grace)) {
        lookAgainShortly(
            id, state, now, grace); // its answer may sit in a topic this topology does not read yet
      } else if (config.requestsRequired() && state.getRequest() == null) {
        giveUp(
            id,
            state,
            now,
            "no request record arrived within request.ttl.ms="
                + config.requestTtlMs()
                + " while requests.required=true");
      } else if (state.getModelsInAt() != null) {
        emit(
            id,
            state,
            AssemblyReason.ALL_ARRIVED,
            now); // waited request.wait.ms for its request in vain
      } else if (state.getModels().size() < config.minCandidates()
          && now < waitBound(state, grace)) {
        // Too few to form a set, so waiting costs no answer: its candidates may have been held up
        // on their way
        // (a producer buffering through a broker outage), and the grace gives them their chance.
        lookAgainShortly(id, state, now, grace);
      } else if (state.getModels().size() < config.minCandidates()) {
        giveUp(
            id,
            state,
            now,
            "only "
                + state.getModels().size()
                + " candidate(s) by the deadline of "
                + deadlineOf(state)
                + " ms and the "
                + grace
                + " ms grace after it; min.candidates="
                + config.minCandidates());
      } else {
        if (LOG.isDebugEnabled()) {
          LOG.debug(
              "{}: {} closes at its deadline {} without {} (now {}, read up to {}, started {})",
              context().taskId(),
              id,
              deadlineAt(state),
              expectedModels(state).stream().filter(m -> !modelsOf(state).contains(m)).toList(),
              now,
              horizon,
              startedAt);
        }
        emit(id, state, AssemblyReason.DEADLINE, now);
      }
    }
  }

  /**
   * The latest a set waits past its deadline: the grace, from the deadline or this task's (or the
   * broker's) start.
   */
  private long waitBound(AssemblyState state, long grace) {
    return DueIndex.after(Math.max(deadlineAt(state), startedAt), grace);
  }

  private void lookAgainShortly(String id, AssemblyState state, long now, long grace) {
    state.setDueAt(
        Math.min(DueIndex.after(now, config.assemblyCatchupMs()), waitBound(state, grace)));
    due.schedule(id, state.getDueAt());
    states.put(id, state);
  }

  private void emit(String id, AssemblyState state, AssemblyReason reason, long now) {
    Prompt prompt = promptOf(state);
    if (prompt.instruction() == null) {
      giveUp(
          id,
          state,
          now,
          "no prompt: neither a request record nor any candidate carried the instruction");
      return;
    }
    List<String> expected = expectedModels(state);
    Set<String> present = modelsOf(state);
    // A model refused by a limit answered; it is in the DLQ, not missing, but the set is not
    // complete without it.
    List<String> refused = state.getRefusedModels();
    List<String> missing =
        expected.stream().filter(m -> !present.contains(m) && !refused.contains(m)).toList();
    List<Candidate> candidates = held.of(id, state);
    CandidateSet set =
        CandidateSet.newBuilder()
            .setRequestId(id)
            .setRequest(requestOf(id, state, prompt))
            .setCandidates(candidates)
            .setComplete(
                missing.isEmpty()
                    && !expected.isEmpty()
                    && expected.stream().noneMatch(refused::contains))
            .setMissingModels(missing)
            .setTruncatedModels(CandidateText.truncatedModels(candidates))
            .setFirstArrivalAt(state.getFirstArrivalAt())
            .setAssembledAt(now)
            .setReason(reason)
            .build();
    (reason == AssemblyReason.ALL_ARRIVED ? metrics.complete : metrics.deadline).record();
    context().forward(new Record<String, SpecificRecord>(id, set, now));
    remember(id, state, now);
  }

  /**
   * Where the record in hand was read; -1 when the context has none (a record forwarded by a
   * punctuator).
   */
  private SourcePosition position() {
    return context()
        .recordMetadata()
        .map(m -> new SourcePosition(m.topic(), m.partition(), m.offset()))
        .orElse(new SourcePosition("unknown", -1, -1L));
  }

  /**
   * Nothing is lost: the request and every held candidate go to the DLQ with the reason their set
   * was not formed, where they were read, and their bytes. The bytes are re-encoded from state,
   * under the writer schema of this app; they equal the originals that a producer wrote with
   * blendstream's schemas, except a truncated text, whose full original stays at the position
   * named.
   */
  private void giveUp(String id, AssemblyState state, long now, String reason) {
    byte[] key = id.getBytes(StandardCharsets.UTF_8);
    String why = "request " + id + ": " + reason;
    List<Candidate> candidates = held.of(id, state);
    // In arrival order, as the models are: a state the old code wrote inline has no positions.
    List<SourcePosition> positions = state.getCandidatePositions();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      String topic = topics.candidates(c.getModel());
      SourcePosition at =
          i < positions.size() ? positions.get(i) : new SourcePosition(topic, -1, -1L);
      deadLetter(
          id,
          DeadLetters.letter(
              at.getTopic(),
              at.getPartition(),
              at.getOffset(),
              key,
              "assembly",
              why,
              candidateBytes.serialize(topic, c),
              now),
          now);
      metrics.deadLettered.record();
    }
    if (state.getRequest() != null) {
      SourcePosition at =
          state.getRequestPosition() != null
              ? state.getRequestPosition()
              : new SourcePosition(topics.requests(), -1, -1L);
      deadLetter(
          id,
          DeadLetters.letter(
              at.getTopic(),
              at.getPartition(),
              at.getOffset(),
              key,
              "assembly",
              why,
              requestBytes.serialize(topics.requests(), state.getRequest()),
              now),
          now);
    }
    remember(id, state, now);
  }

  private void deadLetter(String id, SpecificRecord letter, long now) {
    context().forward(new Record<String, SpecificRecord>(id, letter, now));
  }

  /**
   * The request's state; one written before the candidates store moves its candidates there first.
   */
  private AssemblyState state(String id) {
    AssemblyState state = states.get(id);
    if (state == null || state.getCandidates().isEmpty()) {
      return state;
    }
    held.migrated(id, state);
    // Candidates held inline came before positions were kept: theirs are unknown, and the list
    // stays in step with
    // the models, so that a later candidate's position is never given to an earlier one.
    List<SourcePosition> positions = new ArrayList<>();
    List<String> models = state.getModels();
    for (int k = 0; k < models.size() - state.getCandidatePositions().size(); k++) {
      positions.add(new SourcePosition(topics.candidates(models.get(k)), -1, -1L));
    }
    positions.addAll(state.getCandidatePositions());
    state.setCandidatePositions(positions);
    return state;
  }

  /**
   * Keeps a marker after emission so that later candidates are recognised as late, not as a new
   * set. Only what a marker is read for, and its counts: there is one per request for the late
   * retention, and a marker that still carried the request (prompt, expected models) wrote all of
   * it to the changelog once more.
   */
  private void remember(String id, AssemblyState state, long now) {
    held.release(id, state);
    if (config.lateRetentionMs() == 0) {
      states.put(id, null);
      return;
    }
    AssemblyState marker =
        AssemblyState.newBuilder()
            .setFirstArrivalAt(state.getFirstArrivalAt())
            .setOriginAt(state.getOriginAt())
            .setDueAt(DueIndex.after(now, config.lateRetentionMs()))
            .setEmittedAt(now)
            .setDuplicates(state.getDuplicates())
            .setLate(state.getLate())
            .setLateRequests(state.getLateRequests())
            .build();
    due.schedule(id, marker.getDueAt());
    states.put(id, marker);
    states.forget(id);
  }

  private List<String> expectedModels(AssemblyState state) {
    Request r = state.getRequest();
    return r != null && !r.getExpectedModels().isEmpty() ? r.getExpectedModels() : config.models();
  }

  /** An expected model that has not answered and whose topic this topology does not read (yet). */
  private boolean waitsForUnreadTopic(AssemblyState state) {
    if (readModels == null) {
      return false;
    }
    Set<String> present = modelsOf(state);
    return expectedModels(state).stream()
        .anyMatch(m -> !present.contains(m) && !readModels.contains(m));
  }

  private static long originOf(AssemblyState state) {
    return state.getOriginAt() != null ? state.getOriginAt() : state.getFirstArrivalAt();
  }

  private long deadlineAt(AssemblyState state) {
    return DueIndex.after(originOf(state), deadlineOf(state));
  }

  private long deadlineOf(AssemblyState state) {
    Request r = state.getRequest();
    return r != null && r.getDeadlineMs() != null ? r.getDeadlineMs() : config.deadlineMs();
  }

  private static Set<String> modelsOf(AssemblyState state) {
    return new LinkedHashSet<>(state.getModels());
  }

  private record Prompt(String instruction, String input) {}

  /** The request's prompt if it arrived, else the first one a candidate carried. */
  private static Prompt promptOf(AssemblyState state) {
    if (state.getRequest() != null) {
      return new Prompt(state.getRequest().getInstruction(), state.getRequest().getInput());
    }
    return new Prompt(state.getInstruction(), state.getInput());
  }

  private static void requireSamePrompt(
      String id, Prompt known, String instruction, String input, String model) {
    if (known.instruction() == null || instruction == null) {
      return; // a candidate without a prompt defers to whoever carries one
    }
    if (!known.instruction().equals(instruction)
        || !Objects.equals(blankToNull(known.input()), blankToNull(input))) {
      throw new InvalidRecordException(
          "candidate of "
              + model
              + " for request "
              + id
              + " carries a prompt that differs from the one already seen for this request");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private Request requestOf(String id, AssemblyState state, Prompt prompt) {
    if (state.getRequest() != null) {
      return state.getRequest();
    }
    return Request.newBuilder()
        .setRequestId(id)
        .setInstruction(prompt.instruction())
        .setInput(prompt.input())
        .setExpectedModels(config.models())
        .setCreatedAt(originOf(state))
        .build();
  }
}

package org.blendstream.assemble;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.blendstream.avro.AssemblyState;
import org.blendstream.avro.Candidate;
import org.blendstream.ingest.DeadLetters;
import org.blendstream.ingest.EncodedList;
import org.blendstream.ingest.EncodedRecord;
import org.blendstream.ingest.InvalidRecordException;
import org.blendstream.ingest.OversizedRecordException;

/**
 * The candidates of open sets, one store entry per (request, model), so that a candidate is written
 * to the store and its changelog once: a set held inline in its {@link AssemblyState} was rewritten
 * whole for every candidate, N(N+1)/2 answer copies for a set of N. The state keeps only the
 * models' names, in arrival order.
 *
 * <p>A candidate is encoded once, for the store ({@link EncodedRecord}), and its set reuses those
 * bytes ({@link EncodedList}).
 */
final class HeldCandidates {

  private final WriteBehindStore<EncodedRecord<Candidate>> store;
  private final Serializer<Candidate> serializer;
  private final String changelogTopic;

  /**
   * @param serializer the store's value serializer, and {@code changelogTopic} the topic it writes
   *     for: a candidate encoded here for its size is then written as is
   */
  HeldCandidates(
      WriteBehindStore<EncodedRecord<Candidate>> store,
      Serializer<Candidate> serializer,
      String changelogTopic) {
    this.store = store;
    this.serializer = serializer;
    this.changelogTopic = changelogTopic;
  }

  /**
   * What {@code candidate} adds to its set, from the bytes its store entry will hold ({@link
   * SetLimits#bytesOf(Candidate, byte[])}); a candidate too large to write is refused by the limit.
   */
  long bytesOf(EncodedRecord<Candidate> candidate) {
    try {
      return SetLimits.bytesOf(candidate.value(), candidate.bytesFor(changelogTopic, serializer));
    } catch (OversizedRecordException e) {
      throw new InvalidRecordException(
          DeadLetters.LIMIT,
          "request "
              + candidate.value().getRequestId()
              + ": the candidate of "
              + candidate.value().getModel()
              + " is too large to hold: "
              + e.getMessage());
    }
  }

  /**
   * Model names come from topic names, which cannot hold a NUL, so the last NUL splits the key
   * unambiguously.
   */
  private static String key(String requestId, String model) {
    return requestId + '\u0000' + model;
  }

  /**
   * Holds a candidate whose model the state does not list yet, so that the store has no entry for
   * it: one whose set closes before the next commit is never written.
   */
  void hold(String requestId, EncodedRecord<Candidate> candidate, AssemblyState state) {
    store.add(key(requestId, candidate.value().getModel()), candidate);
    listed(candidate, state);
  }

  private static void listed(EncodedRecord<Candidate> candidate, AssemblyState state) {
    String model = candidate.value().getModel();
    List<String> models = new ArrayList<>(state.getModels());
    models.add(model);
    state.setModels(models);
  }

  /** The set's candidates in arrival order. */
  List<Candidate> of(String requestId, AssemblyState state) {
    List<EncodedRecord<Candidate>> held = new ArrayList<>(state.getModels().size());
    for (String model : state.getModels()) {
      EncodedRecord<Candidate> c = store.get(key(requestId, model));
      if (c == null) {
        throw new IllegalStateException(
            "request "
                + requestId
                + ": the candidate of "
                + model
                + " is named in the assembly state but missing from the candidates store");
      }
      held.add(c);
    }
    return new EncodedList<>(held);
  }

  /**
   * Forgets the set's candidates; the state no longer names them. A null put, not {@code delete}: a
   * store's delete returns the old value, which costs a full Avro decode of every candidate of
   * every set.
   */
  void release(String requestId, AssemblyState state) {
    state.getModels().forEach(m -> store.put(key(requestId, m), null));
    state.setModels(new ArrayList<>());
    state.setHeldBytes(0L);
  }

  /**
   * A state written before this store existed holds its candidates inline: they move here on first
   * read, so a rolling upgrade keeps its open sets.
   */
  AssemblyState migrated(String requestId, AssemblyState state) {
    if (state == null || state.getCandidates().isEmpty()) {
      return state;
    }
    for (Candidate c : state.getCandidates()) {
      EncodedRecord<Candidate> encoded = new EncodedRecord<>(c);
      state.setHeldBytes(state.getHeldBytes() + bytesOf(encoded));
      // Put, not added: a record that failed after moving them left them in the store.
      store.put(key(requestId, c.getModel()), encoded);
      listed(encoded, state);
      if (state.getInstruction() == null && c.getInstruction() != null) {
        state.setInstruction(c.getInstruction());
        state.setInput(c.getInput());
      }
    }
    state.setCandidates(new ArrayList<>());
    return state;
  }
}

package org.blendstream.assemble;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.blendstream.BlendConfig;
import org.blendstream.avro.AssemblyState;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.Request;
import org.blendstream.ingest.DeadLetters;
import org.blendstream.ingest.InvalidRecordException;
import org.blendstream.ingest.WireFormat;

/**
 * Keeps every set, and the state it grows in, within bounds: at most {@code set.max.candidates}
 * candidates, and few enough bytes that the set and its changelog record fit in {@code
 * record.max.bytes}. A record that would cross a bound is refused before the assembler holds it, so
 * it reaches the DLQ (error class {@code limit}) with its original bytes, and the set goes on
 * without it.
 */
final class SetLimits {

  /**
   * Room for the set's own fields (flags, times, missing and truncated model lists beyond the
   * candidates').
   */
  private static final int SET_OVERHEAD_BYTES = 16 * 1024;

  private final int maxCandidates;
  private final int budgetBytes;
  private final int configuredModelsBytes;

  SetLimits(BlendConfig config) {
    this.maxCandidates = config.setMaxCandidates();
    this.budgetBytes = config.recordMaxBytes() - SET_OVERHEAD_BYTES;
    this.configuredModelsBytes = config.models().stream().mapToInt(SetLimits::utf8Length).sum();
  }

  /**
   * Throws if {@code candidate} may not join {@code state} (null: a new set); a repeated model is
   * left to the caller.
   *
   * @param size what the candidate adds to its set ({@link #bytesOf(Candidate, byte[])}), asked
   *     only of a candidate that may join
   * @return that size, so the caller need not encode it again; 0 for a repeated model
   */
  long admit(AssemblyState state, Candidate candidate, LongSupplier size) {
    List<String> held = state == null ? List.of() : state.getModels();
    if (held.contains(candidate.getModel())) {
      return 0; // a duplicate, which the assembler counts as such
    }
    if (held.size() >= maxCandidates) {
      throw new InvalidRecordException(
          DeadLetters.LIMIT,
          "request "
              + candidate.getRequestId()
              + " already holds "
              + held.size()
              + " candidates (set.max.candidates="
              + maxCandidates
              + "); the candidate of "
              + candidate.getModel()
              + " is not added to its set");
    }
    long bytes = size.getAsLong();
    requireWithinBudget(
        bytesOf(state) + bytes,
        candidate.getRequestId(),
        "the candidate of " + candidate.getModel());
    return bytes;
  }

  /**
   * Throws if {@code request} would make the set of the candidates already held too large to write.
   *
   * @return what the request adds to its set, for the state to keep ({@code request_bytes})
   */
  long admit(AssemblyState state, Request request) {
    long bytes = bytesOf(request);
    requireWithinBudget(heldBytesOf(state) + bytes, request.getRequestId(), "its request record");
    return bytes;
  }

  private void requireWithinBudget(long bytes, String id, String what) {
    if (bytes > budgetBytes) {
      throw new InvalidRecordException(
          DeadLetters.LIMIT,
          "request "
              + id
              + ": with "
              + what
              + " its set would take "
              + bytes
              + " bytes, more than record.max.bytes allows ("
              + budgetBytes
              + " after the set's own fields)");
    }
  }

  /**
   * What the state adds to a set: its request and candidates, as encoded, and the model names the
   * set repeats. The candidates' share is kept in the state as they are held ({@code held_bytes}),
   * and the request's as it arrives ({@code request_bytes}), so neither is encoded again.
   */
  private long bytesOf(AssemblyState state) {
    if (state == null || state.getRequest() == null) {
      return heldBytesOf(state);
    }
    long request =
        state.getRequestBytes() > 0 ? state.getRequestBytes() : bytesOf(state.getRequest());
    return heldBytesOf(state) + request;
  }

  /** What the state adds to a set without its request: the held candidates and model names. */
  private long heldBytesOf(AssemblyState state) {
    return configuredModelsBytes + (state == null ? 0 : state.getHeldBytes());
  }

  /** What one held candidate adds to its set's size. */
  static long bytesOf(Candidate c) {
    return encodedSize(c) + utf8Length(c.getModel());
  }

  /**
   * As {@link #bytesOf(Candidate)}, from the bytes the candidate was written as: their Avro body,
   * when they are in the Confluent wire format, is the very encoding counted there.
   */
  static long bytesOf(Candidate c, byte[] written) {
    if (written.length < WireFormat.HEADER_SIZE || written[0] != WireFormat.MAGIC) {
      return bytesOf(c);
    }
    return written.length - WireFormat.HEADER_SIZE + utf8Length(c.getModel());
  }

  private static long bytesOf(Request r) {
    // A request's expected models come back once more as the set's missing models.
    return encodedSize(r) + r.getExpectedModels().stream().mapToInt(SetLimits::utf8Length).sum();
  }

  /** The record's Avro binary size, counted as it is written rather than buffered. */
  private static long encodedSize(SpecificRecord record) {
    CountingStream counter = new CountingStream();
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(counter, null);
      new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot size " + record.getSchema().getName(), e);
    }
    return counter.count;
  }

  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}

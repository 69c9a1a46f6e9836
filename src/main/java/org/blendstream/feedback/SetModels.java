package org.blendstream.feedback;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.rank.StoreRetention;

/**
 * Remembers the models of every candidate set, by request id, so that feedback on a request can be
 * checked against the set that was answered; a set is forgotten after the retention, and feedback
 * on it is then refused.
 */
final class SetModels implements Processor<String, CandidateSet, Void, Void> {

  private final String storeName;
  private final long retentionMs;
  private StoreRetention<String, List<String>> sets;

  SetModels(String storeName, long retentionMs) {
    this.storeName = storeName;
    this.retentionMs = retentionMs;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    sets =
        new StoreRetention<>(
            context.getStateStore(storeName), retentionMs, context::currentSystemTimeMs);
    context.schedule(
        StoreRetention.PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> sets.purge());
  }

  @Override
  public void process(Record<String, CandidateSet> record) {
    if (record.value() == null) {
      return;
    }
    List<String> models = new ArrayList<>();
    for (Candidate c : record.value().getCandidates()) {
      models.add(c.getModel());
    }
    sets.put(record.value().getRequestId(), models);
  }
}

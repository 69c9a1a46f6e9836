package org.blendstream.fuse;

import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.blendstream.rank.RankedSet;

/** Runs the fusion step (fuse, else select, else pass through) on each ranked set. */
final class FusionProcessor extends ContextualFixedKeyProcessor<String, RankedSet, Blend> {

  private final Supplier<FusionStep> steps;
  private FusionStep step;

  FusionProcessor(Supplier<FusionStep> steps) {
    this.steps = steps;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Blend> context) {
    super.init(context);
    step = steps.get();
  }

  @Override
  public void process(FixedKeyRecord<String, RankedSet> record) {
    RankedSet ranked = record.value();
    FusionOutcome outcome;
    // Stream threads share one step (and one copy of the weights); a fuser is not thread-safe.
    synchronized (step) {
      outcome = step.apply(ranked);
    }
    context().forward(record.withValue(new Blend(ranked, outcome)));
  }
}

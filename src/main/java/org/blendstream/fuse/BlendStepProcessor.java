package org.blendstream.fuse;

import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.blendstream.emit.Blend;
import org.blendstream.rank.RankedSet;

/** Applies a blend step per record; one step per processor, so a fuser predictor is never shared across threads. */
final class BlendStepProcessor extends ContextualFixedKeyProcessor<String, RankedSet, Blend> {

  private final Supplier<BlendStep> steps;
  private BlendStep step;

  BlendStepProcessor(Supplier<BlendStep> steps) {
    this.steps = steps;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Blend> context) {
    super.init(context);
    step = steps.get();
  }

  @Override
  public void process(FixedKeyRecord<String, RankedSet> record) {
    context().forward(record.withValue(step.apply(record.value())));
  }

  @Override
  public void close() {
    if (step != null) {
      step.close();
    }
  }
}

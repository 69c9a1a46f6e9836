package org.blendstream.fuse;

import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.blendstream.BlendMetrics;
import org.blendstream.rank.RankedSet;

/** Runs the fusion step (fuse, else select, else pass through) on each ranked set. */
final class FusionProcessor extends ContextualFixedKeyProcessor<String, RankedSet, Blend> {

  private final Supplier<FusionStep> steps;
  private final BlendMetrics metrics;
  private FusionStep step;

  FusionProcessor(Supplier<FusionStep> steps, BlendMetrics metrics) {
    this.steps = steps;
    this.metrics = metrics;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Blend> context) {
    super.init(context);
    step = steps.get();
    step.attach(metrics);
    if (step.fuserInfo() != null) {
      metrics.modelInUse("fuser", step.fuserInfo().getName(), step.fuserInfo().getVersion());
    }
  }

  @Override
  public void process(FixedKeyRecord<String, RankedSet> record) {
    RankedSet ranked = record.value();
    FusionOutcome outcome;
    long start;
    start = System.nanoTime();
    if (step.threadSafe()) {
      outcome = step.apply(ranked);
    } else {
      // Stream threads share one step (and one copy of the weights); a local fuser is not
      // thread-safe.
      synchronized (step) {
        start = System.nanoTime();
        outcome = step.apply(ranked);
      }
    }
    if (outcome.fusionMs() != null) {
      metrics.fused(System.nanoTime() - start);
    }
    context().forward(record.withValue(new Blend(ranked, outcome)));
  }
}

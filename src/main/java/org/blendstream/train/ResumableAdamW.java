package org.blendstream.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.blendstream.model.builtin.OnnxGraph;
import org.blendstream.model.builtin.SafeTensors;

/**
 * AdamW (decoupled weight decay, bias-corrected moments) whose moments can be saved and restored by
 * parameter name, so that a resumed run continues exactly where the interrupted one stopped; DJL's
 * built-in optimizers keep their state private. The learning rate follows linear warm-up then
 * linear decay to zero at {@code totalSteps}, scaled per parameter (the fresh head learns faster
 * than the pretrained layers).
 */
public final class ResumableAdamW extends Optimizer {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final Map<String, String> nameById = new HashMap<>();
  private final ToDoubleFunction<String> baseRate;
  private final float weightDecay;
  private final int warmupSteps;
  private final int totalSteps;
  private final Map<String, NDArray> first = new LinkedHashMap<>();
  private final Map<String, NDArray> second = new LinkedHashMap<>();
  private int step;

  /** {@code baseRate} gives each parameter name its peak learning rate. */
  public ResumableAdamW(
      Map<String, Parameter> trainable,
      ToDoubleFunction<String> baseRate,
      float weightDecay,
      int warmupSteps,
      int totalSteps) {
    super(new Builder());
    trainable.forEach((name, p) -> nameById.put(p.getId(), name));
    this.baseRate = baseRate;
    this.weightDecay = weightDecay;
    this.warmupSteps = Math.max(1, warmupSteps);
    this.totalSteps = Math.max(this.warmupSteps + 1, totalSteps);
  }

  /**
   * Called once per optimizer step, before the parameters' updates, so the schedule moves once per
   * batch.
   */
  public void beginStep() {
    step++;
  }

  public int step() {
    return step;
  }

  /** The schedule's multiplier at the current step, in [0, 1]. */
  public double schedule() {
    if (step <= warmupSteps) {
      return (double) step / warmupSteps;
    }
    return Math.max(0.0, (double) (totalSteps - step) / (totalSteps - warmupSteps));
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    String name = nameById.get(parameterId);
    if (name == null) {
      throw new IllegalStateException(
          "optimizer got a parameter it was not built for: " + parameterId);
    }
    NDArray m = first.computeIfAbsent(name, k -> attach(weight.zerosLike()));
    NDArray v = second.computeIfAbsent(name, k -> attach(weight.zerosLike()));
    // Every temporary is closed here: the weights' manager lives as long as the model, so anything
    // left attached
    // to it would accumulate over thousands of steps.
    try (NDArray g1 = grad.mul(1 - BETA1)) {
      m.muli(BETA1).addi(g1);
    }
    try (NDArray g2 = grad.square()) {
      v.muli(BETA2).addi(g2.muli(1 - BETA2));
    }
    float rate = (float) (baseRate.applyAsDouble(name) * schedule());
    float correction1 = (float) (1 - Math.pow(BETA1, step));
    float correction2 = (float) (1 - Math.pow(BETA2, step));
    try (NDArray direction = m.div(correction1);
        NDArray denominator = v.div(correction2);
        NDArray root = denominator.sqrt()) {
      direction.divi(root.addi(EPSILON));
      if (weightDecay > 0 && !name.endsWith(".bias") && !name.contains("LayerNorm")) {
        try (NDArray decay = weight.mul(weightDecay)) {
          direction.addi(decay);
        }
      }
      weight.subi(direction.muli(rate));
    }
  }

  private static NDArray attach(NDArray array) {
    array.setRequiresGradient(false);
    return array;
  }

  public void save(Path file) throws IOException {
    Map<String, OnnxGraph.Tensor> tensors = new LinkedHashMap<>();
    first.forEach(
        (name, a) ->
            tensors.put(
                "m." + name, new OnnxGraph.Tensor(a.getShape().getShape(), a.toFloatArray())));
    second.forEach(
        (name, a) ->
            tensors.put(
                "v." + name, new OnnxGraph.Tensor(a.getShape().getShape(), a.toFloatArray())));
    SafeTensors.write(file, tensors, Map.of("step", Integer.toString(step)));
  }

  public void load(Path file, NDManager manager) throws IOException {
    SafeTensors.Contents c = SafeTensors.read(file);
    step = Integer.parseInt(c.metadata().get("step"));
    c.tensors()
        .forEach(
            (key, t) -> {
              NDArray a = attach(manager.create(t.data(), new Shape(t.dims())));
              (key.startsWith("m.") ? first : second).put(key.substring(2), a);
            });
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}

package org.blendstream.model.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * PairRM's shape on the MiniLM encoder: one joint sequence of source, candidate 1 and candidate 2;
 * the last hidden states at the three marker tokens; one head with shared weights, {@code
 * Linear(768→384) → tanh → Linear(384→1)}, applied to {@code [h_src ; h_c1]} and to {@code [h_src ;
 * h_c2]}; the logit is left − right, so it is positive when candidate 1 is better and swapping the
 * candidates flips its sign up to what the encoder sees differently. Each side's score also gets
 * {@code head.length · ln(1 + tokens)} of its candidate's full, uncut length: the length budget
 * hides how long an answer is, and judges reward length, so the head reads it directly rather than
 * guessing it from the first hundred tokens. Files written before that weight existed load with it
 * at 0.
 *
 * <p>Inputs: ids and mask int64 [B, L], the markers' flat row indices into the [B·L] hidden states,
 * int64 [B, 3] (source, candidate 1, candidate 2), and {@link #lengthFeature} of both candidates,
 * float32 [B, 2]. Output: logits [B].
 */
public final class BuiltinPairNet extends AbstractBlock {

  public static final String HEAD_DENSE = "head.dense";
  public static final String HEAD_OUT = "head.out";
  public static final String HEAD_LENGTH = "head.length.weight";

  private final MiniLmEncoder encoder;
  private final Map<String, Parameter> head = new LinkedHashMap<>();

  public BuiltinPairNet() {
    encoder = addChildBlock("encoder", new MiniLmEncoder());
    for (String name :
        new String[] {
          HEAD_DENSE + ".weight",
          HEAD_DENSE + ".bias",
          HEAD_OUT + ".weight",
          HEAD_OUT + ".bias",
          HEAD_LENGTH
        }) {
      head.put(
          name,
          addParameter(
              Parameter.builder().setName(name).setType(MiniLmEncoder.typeOf(name)).build()));
    }
  }

  public MiniLmEncoder encoder() {
    return encoder;
  }

  /** Encoder and head parameters by name; the head's names start with {@code head.}. */
  public Map<String, Parameter> namedParameters() {
    Map<String, Parameter> all = new LinkedHashMap<>(encoder.namedParameters());
    all.putAll(head);
    return all;
  }

  /**
   * A fresh head: weights ~ N(0, 0.02) as in BERT's initializer, biases 0, from a seeded generator.
   */
  public void initHead(NDManager manager, long seed) {
    Random random = new Random(seed);
    int hidden = MiniLmEncoder.HIDDEN;
    head.get(HEAD_DENSE + ".weight").setArray(normal(manager, random, hidden, 2 * hidden));
    head.get(HEAD_DENSE + ".bias").setArray(manager.zeros(new Shape(hidden)));
    head.get(HEAD_OUT + ".weight").setArray(normal(manager, random, 1, hidden));
    head.get(HEAD_OUT + ".bias").setArray(manager.zeros(new Shape(1)));
    setLengthWeight(manager, 0f);
  }

  /** Sets the length weight, e.g. to a fit on length alone before training starts. */
  public void setLengthWeight(NDManager manager, float weight) {
    Parameter p = head.get(HEAD_LENGTH);
    if (p.isInitialized()) {
      p.getArray().set(new float[] {weight});
    } else {
      p.setArray(manager.create(new float[] {weight}, new Shape(1)));
    }
  }

  /** What the head reads of a candidate's full length in tokens. */
  public static float lengthFeature(int tokens) {
    return (float) Math.log1p(tokens);
  }

  private static NDArray normal(NDManager manager, Random random, int rows, int cols) {
    float[] data = new float[rows * cols];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (0.02 * random.nextGaussian());
    }
    return manager.create(data, new Shape(rows, cols));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    // The head reads only the three markers, so the encoder's last layer computes only them.
    NDArray markers =
        encoder
            .forward(ps, new NDList(inputs.get(0), inputs.get(1), inputs.get(2)), training)
            .singletonOrThrow();
    NDArray source = markers.get(":, 0, :");
    NDArray lengths = inputs.get(3);
    NDArray left =
        score(
            ps,
            training,
            NDArrays.concat(new NDList(source, markers.get(":, 1, :")), -1),
            lengths.get(":, 0"));
    NDArray right =
        score(
            ps,
            training,
            NDArrays.concat(new NDList(source, markers.get(":, 2, :")), -1),
            lengths.get(":, 1"));
    return new NDList(left.sub(right));
  }

  private NDArray score(ParameterStore ps, boolean training, NDArray pair, NDArray length) {
    var device = pair.getDevice();
    NDArray h =
        Activation.tanh(
            Linear.linear(
                    pair,
                    ps.getValue(head.get(HEAD_DENSE + ".weight"), device, training),
                    ps.getValue(head.get(HEAD_DENSE + ".bias"), device, training))
                .singletonOrThrow());
    NDArray content =
        Linear.linear(
                h,
                ps.getValue(head.get(HEAD_OUT + ".weight"), device, training),
                ps.getValue(head.get(HEAD_OUT + ".bias"), device, training))
            .singletonOrThrow()
            .squeeze(-1);
    return content.add(length.mul(ps.getValue(head.get(HEAD_LENGTH), device, training)));
  }

  /**
   * Weights are set from files before use, so initializing only records shapes; nothing is
   * overwritten.
   */
  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    encoder.initialize(manager, dataType, inputShapes[0], inputShapes[1]);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0))};
  }
}

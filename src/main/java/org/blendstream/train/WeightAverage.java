package org.blendstream.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.blendstream.model.builtin.BuiltinSpec;
import org.blendstream.model.builtin.OnnxGraph;
import org.blendstream.model.builtin.SafeTensors;

/**
 * A weighted average of built-in ranker weights fine-tuned from the same base ("model soup"). A run
 * that keeps training on a narrow set of pairs fits them ever more closely; averaging its weights
 * with those it started from keeps part of what the broader run learned, which on dev generalized
 * better than either end point.
 */
public final class WeightAverage {

  /**
   * Metadata that describes one training run and so says nothing true about an average of several.
   */
  private static final List<String> RUN_ONLY_METADATA =
      List.of(PairTrainer.STEPS_KEY, PairTrainer.DEV_ACCURACY_KEY, PairTrainer.TRAIN_MODELS_KEY);

  private WeightAverage() {}

  /**
   * Averages tensor by tensor, in float, as {@code Σ weight_k · x_k}. Every input must store the
   * same tensors with the same shapes under the same length budget and trained layers; weights must
   * be non-negative and sum to 1.
   */
  public static SafeTensors.Contents average(
      List<SafeTensors.Contents> inputs, double[] weights, String version) {
    if (inputs.size() < 2 || inputs.size() != weights.length) {
      throw new IllegalArgumentException(
          "need at least two weight files and one weight per file, got "
              + inputs.size()
              + " files and "
              + weights.length
              + " weights");
    }
    double sum = 0;
    for (double w : weights) {
      if (!(w >= 0)) {
        throw new IllegalArgumentException(
            "weights must be non-negative: " + Arrays.toString(weights));
      }
      sum += w;
    }
    if (Math.abs(sum - 1) > 1e-6) {
      throw new IllegalArgumentException(
          "weights must sum to 1, not " + sum + ": " + Arrays.toString(weights));
    }
    BuiltinSpec first = BuiltinSpec.fromMetadata(inputs.get(0).metadata());
    List<String> sources = new ArrayList<>();
    for (int k = 0; k < inputs.size(); k++) {
      BuiltinSpec spec = BuiltinSpec.fromMetadata(inputs.get(k).metadata());
      if (spec.sourceMaxLength() != first.sourceMaxLength()
          || spec.maxTotalLength() != first.maxTotalLength()
          || spec.trainedLayers() != first.trainedLayers()) {
        throw new IllegalArgumentException(
            "file "
                + (k + 1)
                + " ("
                + spec
                + ") was trained under another length "
                + "budget or layer count than file 1 ("
                + first
                + "); their weights do not mean the same thing");
      }
      if (!inputs.get(k).tensors().keySet().equals(inputs.get(0).tensors().keySet())) {
        throw new IllegalArgumentException("file " + (k + 1) + " stores other tensors than file 1");
      }
      sources.add(String.format(Locale.ROOT, "%s x %s", weights[k], spec.version()));
    }
    Map<String, OnnxGraph.Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, OnnxGraph.Tensor> e : inputs.get(0).tensors().entrySet()) {
      float[] acc = new float[e.getValue().data().length];
      for (int k = 0; k < inputs.size(); k++) {
        OnnxGraph.Tensor t = inputs.get(k).tensors().get(e.getKey());
        if (!Arrays.equals(t.dims(), e.getValue().dims())) {
          throw new IllegalArgumentException(
              "tensor "
                  + e.getKey()
                  + " has shape "
                  + Arrays.toString(t.dims())
                  + " in file "
                  + (k + 1)
                  + " but "
                  + Arrays.toString(e.getValue().dims())
                  + " in file 1");
        }
        float w = (float) weights[k];
        float[] x = t.data();
        for (int i = 0; i < acc.length; i++) {
          acc[i] += w * x[i];
        }
      }
      out.put(e.getKey(), new OnnxGraph.Tensor(e.getValue().dims(), acc));
    }
    Map<String, String> meta = new LinkedHashMap<>(inputs.get(0).metadata());
    RUN_ONLY_METADATA.forEach(meta::remove);
    meta.put("version", version);
    meta.put("averaged_from", String.join(" + ", sources));
    return new SafeTensors.Contents(out, meta);
  }
}

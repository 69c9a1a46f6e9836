package org.blendstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.model.builtin.BuiltinSpec;
import org.blendstream.model.builtin.OnnxGraph;
import org.blendstream.model.builtin.SafeTensors;
import org.junit.jupiter.api.Test;

public class WeightAverageTest {

  public static SafeTensors.Contents weights(
      String version, int maxTotal, float head, float... layer) {
    Map<String, OnnxGraph.Tensor> t = new LinkedHashMap<>();
    t.put(
        "encoder.layer.5.output.dense.bias",
        new OnnxGraph.Tensor(new long[] {layer.length}, layer));
    t.put("head.out.bias", new OnnxGraph.Tensor(new long[] {1}, new float[] {head}));
    Map<String, String> meta =
        new LinkedHashMap<>(new BuiltinSpec(version, 96, maxTotal, 2).metadata());
    meta.put("steps", "500");
    meta.put("dev_pair_accuracy", "0.6680");
    meta.put("seed", "17");
    return new SafeTensors.Contents(t, meta);
  }

  @Test
  void averagesEveryTensorWithTheGivenWeightsAndRecordsWhereItCameFrom() {
    SafeTensors.Contents avg =
        WeightAverage.average(
            List.of(weights("a", 320, 1f, 0f, 4f), weights("b", 320, 3f, 8f, -4f)),
            new double[] {0.25, 0.75},
            "soup");
    assertArrayEquals(
        new float[] {6f, -2f}, avg.tensors().get("encoder.layer.5.output.dense.bias").data());
    assertArrayEquals(new float[] {2.5f}, avg.tensors().get("head.out.bias").data());
    BuiltinSpec spec = BuiltinSpec.fromMetadata(avg.metadata());
    assertEquals("soup", spec.version());
    assertEquals(320, spec.maxTotalLength());
    assertEquals("0.25 x a + 0.75 x b", avg.metadata().get("averaged_from"));
    assertEquals("17", avg.metadata().get("seed"));
    assertFalse(
        avg.metadata().containsKey("steps"), "one run's step count does not describe the average");
    assertFalse(avg.metadata().containsKey("dev_pair_accuracy"));
  }

  @Test
  void refusesWeightsTrainedUnderAnotherLengthBudget() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                WeightAverage.average(
                    List.of(weights("a", 320, 1f, 0f, 4f), weights("b", 512, 3f, 8f, -4f)),
                    new double[] {0.5, 0.5},
                    "x"));
    assertTrue(e.getMessage().contains("length budget"), e.getMessage());
  }

  @Test
  void refusesWeightsThatDoNotSumToOneOrAreNegative() {
    List<SafeTensors.Contents> two = List.of(weights("a", 320, 1f, 0f), weights("b", 320, 3f, 8f));
    assertThrows(
        IllegalArgumentException.class,
        () -> WeightAverage.average(two, new double[] {0.5, 0.6}, "x"));
    assertThrows(
        IllegalArgumentException.class,
        () -> WeightAverage.average(two, new double[] {1.5, -0.5}, "x"));
    assertThrows(
        IllegalArgumentException.class, () -> WeightAverage.average(two, new double[] {1.0}, "x"));
  }

  @Test
  void refusesFilesWithDifferentShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                WeightAverage.average(
                    List.of(weights("a", 320, 1f, 0f, 4f), weights("b", 320, 3f, 8f)),
                    new double[] {0.5, 0.5},
                    "x"));
    assertTrue(e.getMessage().contains("shape"), e.getMessage());
  }
}

package org.blendstream.model.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

  @Test
  void directReadReturnsTheSameFloatsAsTheHeapReadForTheWantedTensorsOnly(@TempDir Path dir)
      throws Exception {
    Map<String, OnnxGraph.Tensor> tensors = new LinkedHashMap<>();
    tensors.put(
        "a", new OnnxGraph.Tensor(new long[] {2, 3}, new float[] {1f, -2f, 3.5f, 4f, 5f, 6.25f}));
    tensors.put("skipped", new OnnxGraph.Tensor(new long[] {1}, new float[] {9f}));
    tensors.put("b", new OnnxGraph.Tensor(new long[] {3}, new float[] {-0.5f, 0f, 7f}));
    Path file = dir.resolve("t.safetensors");
    SafeTensors.write(file, tensors, Map.of("k", "v"));

    Map<String, SafeTensors.DirectTensor> direct =
        SafeTensors.readDirect(file, name -> !name.equals("skipped"));
    assertEquals(List.of("a", "b"), List.copyOf(direct.keySet()));
    Map<String, OnnxGraph.Tensor> heap = SafeTensors.read(file).tensors();
    for (String name : direct.keySet()) {
      SafeTensors.DirectTensor d = direct.get(name);
      assertTrue(d.data().isDirect());
      float[] floats = new float[d.data().remaining() / 4];
      d.data().asFloatBuffer().get(floats);
      assertArrayEquals(heap.get(name).data(), floats, name);
      assertArrayEquals(heap.get(name).dims(), d.dims(), name);
    }
    assertEquals(Map.of("k", "v"), SafeTensors.read(file).metadata());
  }
}

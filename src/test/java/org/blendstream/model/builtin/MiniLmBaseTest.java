package org.blendstream.model.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniLmBaseTest {

  @Test
  void convertsOnceIntoTheCacheDirAndLaterLoadsReadTheCache(@TempDir Path cacheDir)
      throws Exception {
    Path cache = MiniLmBase.cached(cacheDir);
    assertEquals(cacheDir.resolve(MiniLmBase.CACHE_FILE), cache);
    try (Stream<Path> files = Files.list(cacheDir)) {
      assertEquals(List.of(cache), files.toList(), "the atomic write leaves no temp file behind");
    }
    // Replace the converted file with one only a read of the cache could return: a second
    // conversion would
    // bring back the real encoder weights instead.
    SafeTensors.write(
        cache,
        Map.of("marker", new OnnxGraph.Tensor(new long[] {2}, new float[] {4f, 2f})),
        Map.of());
    Map<String, OnnxGraph.Tensor> second = MiniLmBase.weights(cacheDir);
    assertEquals(List.of("marker"), List.copyOf(second.keySet()));
    assertArrayEquals(new float[] {4f, 2f}, second.get("marker").data());
  }
}

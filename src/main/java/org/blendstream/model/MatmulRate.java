package org.blendstream.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * What this machine's dense fp32 matrix multiply achieves through the same engine, threads and
 * device the models use: the ceiling a model's GFLOP/s is compared against. One large square
 * product, which BLAS runs near peak.
 */
public final class MatmulRate {

  private MatmulRate() {}

  /**
   * Median GFLOP/s of {@code repeats} products of two {@code size} x {@code size} fp32 matrices,
   * after one warm-up.
   */
  public static double gflops(String device, int size, int repeats) {
    try (NDManager nd = NDManager.newBaseManager(DjlRuntime.device(device), "PyTorch")) {
      NDArray a = nd.randomUniform(-1f, 1f, new Shape(size, size));
      NDArray b = nd.randomUniform(-1f, 1f, new Shape(size, size));
      a.matMul(b).close();
      double[] seconds = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        long start = System.nanoTime();
        try (NDArray c = a.matMul(b)) {
          // Reading one element waits for a GPU's asynchronous kernel; on a CPU the product is
          // already done.
          c.getFloat(0, 0);
        }
        seconds[r] = (System.nanoTime() - start) / 1e9;
      }
      Arrays.sort(seconds);
      return 2.0 * size * size * (double) size / seconds[repeats / 2] / 1e9;
    }
  }

  /** The engine's intra-op threads (PyTorch's own default is the number of physical cores). */
  public static int intraOpThreads() {
    DjlRuntime.init();
    Engine.getEngine("PyTorch");
    return ai.djl.pytorch.jni.JniUtils.getNumThreads();
  }

  public static int interOpThreads() {
    DjlRuntime.init();
    Engine.getEngine("PyTorch");
    return ai.djl.pytorch.jni.JniUtils.getNumInteropThreads();
  }

  /** Intra-op threads can change at any time (inter-op ones only before the first op). */
  public static void setIntraOpThreads(int threads) {
    DjlRuntime.init();
    Engine.getEngine("PyTorch");
    ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
  }
}

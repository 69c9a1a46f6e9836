package org.blendstream.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Process-wide DJL settings. Offline mode must be set before the engine first loads: otherwise
 * engine start probes a cloud metadata address and tries to download natives, which this deployment
 * takes from the classpath instead.
 */
public final class DjlRuntime {

  private DjlRuntime() {}

  public static void init() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    NativeHeap.keepFreedTensors();
  }

  /**
   * {@code auto} picks the first GPU when DJL sees one; {@code cpu}, {@code gpu} and {@code gpu:N}
   * force one.
   */
  public static Device device(String setting) {
    init();
    String s = setting == null ? "auto" : setting.trim().toLowerCase();
    if (s.equals("auto")) {
      return Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }
    if (s.equals("cpu")) {
      return Device.cpu();
    }
    if (s.equals("gpu")) {
      return Device.gpu();
    }
    if (s.startsWith("gpu:")) {
      return Device.gpu(Integer.parseInt(s.substring(4)));
    }
    throw new IllegalArgumentException(
        "device must be auto, cpu, gpu or gpu:N, not '" + setting + "'");
  }

  /** {@code cpu} or {@code gpu(N)}: how ranker info names the device a model runs on. */
  public static String deviceName(Device device) {
    return device.isGpu() ? "gpu(" + device.getDeviceId() + ")" : device.getDeviceType();
  }
}

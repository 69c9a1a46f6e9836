package org.blendstream.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.ZooModel;

/**
 * An encoder-decoder TorchScript module with two exported methods, called by name: {@code
 * encode(input_ids, attention_mask) -> encoder_hidden} and {@code decode_step(decoder_input_ids,
 * encoder_hidden, encoder_mask, past) -> (logits, new_past)}, where {@code past} is a list of two
 * stacked tensors (see {@link KvCache}). The exporter in {@code tools/export/export_genfuser.py}
 * writes such modules.
 *
 * <p>Results are attached to the manager of the inputs, so a caller that scopes a request under one
 * sub-manager frees everything by closing it. Every IValue made or returned here is closed here.
 */
public final class TorchScriptSeq2Seq implements AutoCloseable {

  /**
   * DJL applies this property only in {@code forward}; method calls by name must apply it
   * themselves. Unset, libtorch's default (optimizer on) stays. On the fixture's decode loop
   * (DecodeLoopBenchmark) {@code false} saved the optimizer's warm-up on a thread's first requests
   * and was no faster after.
   */
  public static final String GRAPH_OPTIMIZER_PROPERTY = "ai.djl.pytorch.graph_optimizer";

  // The graph executor setting is thread-local in libtorch, so each calling thread applies it once.
  private static final ThreadLocal<Boolean> OPTIMIZER_APPLIED =
      ThreadLocal.withInitial(() -> false);

  private final ZooModel<NDList, NDList> model;
  private final PtSymbolBlock block;

  private TorchScriptSeq2Seq(ZooModel<NDList, NDList> model) {
    this.model = model;
    this.block = (PtSymbolBlock) model.getBlock();
  }

  public static TorchScriptSeq2Seq load(ModelDirectory dir, Device device) {
    return new TorchScriptSeq2Seq(dir.loadTorchScript(device));
  }

  /** A scope for one request's arrays on the model's device. */
  public NDManager newManager() {
    return model.getNDManager().newSubManager();
  }

  public Device device() {
    return model.getNDManager().getDevice();
  }

  public NDArray encode(NDArray inputIds, NDArray attentionMask) {
    applyGraphOptimizerSetting();
    try (IValue ids = IValue.from((PtNDArray) inputIds);
        IValue mask = IValue.from((PtNDArray) attentionMask);
        IValue out = IValueUtils.runMethod(block, "encode", ids, mask)) {
      return out.toTensor((PtNDManager) inputIds.getManager());
    }
  }

  /**
   * One decoder pass over {@code decoderInputIds} ({@code [batch, t]}); logits are {@code [batch,
   * t, vocab]}.
   */
  public Step decodeStep(
      NDArray decoderInputIds, NDArray encoderHidden, NDArray encoderMask, KvCache past) {
    applyGraphOptimizerSetting();
    PtNDManager manager = (PtNDManager) decoderInputIds.getManager();
    try (IValue ids = IValue.from((PtNDArray) decoderInputIds);
        IValue hidden = IValue.from((PtNDArray) encoderHidden);
        IValue mask = IValue.from((PtNDArray) encoderMask);
        IValue pastList = IValue.listFrom((PtNDArray) past.self(), (PtNDArray) past.cross());
        IValue out = IValueUtils.runMethod(block, "decode_step", ids, hidden, mask, pastList)) {
      IValue[] parts = out.toIValueTuple();
      try {
        NDArray logits = parts[0].toTensor(manager);
        PtNDArray[] cache = parts[1].toTensorArray(manager);
        return new Step(logits, new KvCache(cache[0], cache[1]));
      } finally {
        for (IValue p : parts) {
          p.close();
        }
      }
    }
  }

  public record Step(NDArray logits, KvCache cache) {}

  private static void applyGraphOptimizerSetting() {
    if (OPTIMIZER_APPLIED.get()) {
      return;
    }
    String setting = System.getProperty(GRAPH_OPTIMIZER_PROPERTY);
    if (setting != null) {
      JniUtils.setGraphExecutorOptimize(Boolean.parseBoolean(setting));
    }
    OPTIMIZER_APPLIED.set(true);
  }

  @Override
  public void close() {
    model.close();
  }
}

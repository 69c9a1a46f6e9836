package org.blendstream.fuse;

import java.util.List;
import org.blendstream.avro.BlendMode;
import org.blendstream.avro.FuserInfo;

/**
 * The answer for one request after the fusion step, with what BlendedResponse records about it.
 *
 * @param selectedModel the model whose answer is returned (SELECTED, PASSTHROUGH) or that ranked
 *     first (FUSED)
 * @param topK the models whose answers went to the fuser, best first; empty unless FUSED
 * @param fuser the fuser that wrote the text; null unless FUSED
 * @param fusionMs time spent fusing, null when fusion was not tried
 * @param fallbackReason why a richer mode was not used; null when none
 */
public record FusionOutcome(
    String text,
    BlendMode mode,
    String selectedModel,
    List<String> topK,
    FuserInfo fuser,
    Long fusionMs,
    String fallbackReason) {

  public FusionOutcome {
    topK = List.copyOf(topK);
  }
}

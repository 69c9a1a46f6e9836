package org.blendstream.fuse;

import java.util.List;
import org.blendstream.avro.Turn;

/**
 * What the fuser reads: the instruction, its optional input, and the top-K candidates, best first;
 * and the earlier turns of the conversation, which the LLM aggregator sends and GenFuser (trained
 * on single turns) does not read.
 */
public record FusionPrompt(
    String instruction, String input, List<String> candidates, List<Turn> history) {

  public FusionPrompt {
    if (candidates == null || candidates.isEmpty()) {
      throw new IllegalArgumentException("a fusion prompt needs at least one candidate");
    }
    candidates = List.copyOf(candidates);
    history = history == null ? List.of() : List.copyOf(history);
  }

  public FusionPrompt(String instruction, String input, List<String> candidates) {
    this(instruction, input, candidates, List.of());
  }
}

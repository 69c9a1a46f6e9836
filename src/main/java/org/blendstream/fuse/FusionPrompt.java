package org.blendstream.fuse;

import java.util.List;

/** What the fuser reads: the instruction, its optional input, and the top-K candidates, best first. */
public record FusionPrompt(String instruction, String input, List<String> candidates) {

  public FusionPrompt {
    if (candidates == null || candidates.isEmpty()) {
      throw new IllegalArgumentException("a fusion prompt needs at least one candidate");
    }
    candidates = List.copyOf(candidates);
  }
}

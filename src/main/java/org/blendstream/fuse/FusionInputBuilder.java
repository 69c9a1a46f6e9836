package org.blendstream.fuse;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lays out GenFuser's input exactly as LLM-Blender's {@code GenFuserDataset} does: {@code
 * "Instruction: " + instruction + "</s>Input: " + input + "</s>" + join("</s>", "Candidate i:
 * <extra_id_i>:" + cand_i) + "</s>Summarize candidates into a better one for the given
 * instruction:"}. Each candidate longer than the token limit is cut, decoded (special tokens kept,
 * as the reference's plain {@code decode}) and suffixed with "...". The string is tokenized without
 * added special tokens and cut on the right.
 */
public final class FusionInputBuilder {

  private final HuggingFaceTokenizer tokenizer;
  private final int candidateTokenLimit;
  private final int maxInputLength;

  /**
   * {@code tokenizer} must be made with {@code addSpecialTokens=false} and no truncation, as
   * ModelDirectory does.
   */
  public FusionInputBuilder(
      HuggingFaceTokenizer tokenizer, int candidateTokenLimit, int maxInputLength) {
    this.tokenizer = tokenizer;
    this.candidateTokenLimit = candidateTokenLimit;
    this.maxInputLength = maxInputLength;
  }

  public String text(FusionPrompt prompt) {
    List<String> parts = new ArrayList<>();
    List<String> candidates = prompt.candidates();
    for (int i = 0; i < candidates.size(); i++) {
      parts.add("Candidate " + i + ": <extra_id_" + i + ">:" + cut(candidates.get(i)));
    }
    // a missing input is the empty string in the reference's data, not the word "null"
    String input = prompt.input() == null ? "" : prompt.input();
    return "Instruction: "
        + prompt.instruction()
        + "</s>"
        + "Input: "
        + input
        + "</s>"
        + String.join("</s>", parts)
        + "</s>Summarize candidates into a better one for the given instruction:";
  }

  public long[] ids(FusionPrompt prompt) {
    long[] ids = tokenizer.encode(text(prompt)).getIds();
    return ids.length > maxInputLength ? Arrays.copyOf(ids, maxInputLength) : ids;
  }

  private String cut(String candidate) {
    long[] ids = tokenizer.encode(candidate).getIds();
    if (ids.length <= candidateTokenLimit) {
      return candidate;
    }
    return tokenizer.decode(Arrays.copyOf(ids, candidateTokenLimit), false) + "...";
  }
}

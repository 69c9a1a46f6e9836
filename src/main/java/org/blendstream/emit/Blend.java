package org.blendstream.emit;

import java.util.List;
import org.blendstream.avro.BlendMode;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.FuserInfo;
import org.blendstream.rank.RankedSet;

/**
 * The final answer for one request before it is written: how it was made, and from what.
 *
 * @param fusionMs null when fusion was not attempted
 * @param fallbackReason why a richer mode was not used, or null
 */
public record Blend(RankedSet ranked, String text, BlendMode mode, String selectedModel, List<String> topK,
                    FuserInfo fuser, Long fusionMs, String fallbackReason) {

  /**
   * The select end of the fallback chain: the top-ranked candidate, the only one (PASSTHROUGH), or,
   * if ranking failed, the first to arrive (PASSTHROUGH with the ranker's error as the reason).
   */
  public static Blend select(RankedSet ranked, Long fusionMs, String fallbackReason) {
    List<Candidate> candidates = ranked.set().getCandidates();
    if (!ranked.ranked()) {
      Candidate first = candidates.get(0);
      return new Blend(ranked, first.getText(), BlendMode.PASSTHROUGH, first.getModel(), List.of(), null, fusionMs,
          join(ranked.rankerError(), fallbackReason));
    }
    Candidate best = candidates.get(ranked.ranking().best());
    BlendMode mode = candidates.size() == 1 ? BlendMode.PASSTHROUGH : BlendMode.SELECTED;
    return new Blend(ranked, best.getText(), mode, best.getModel(), List.of(), null, fusionMs, fallbackReason);
  }

  private static String join(String a, String b) {
    return a == null ? b : b == null ? a : a + "; " + b;
  }
}

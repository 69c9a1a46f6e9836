package org.blendstream.rank;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.blendstream.model.chat.ChatReply;

/**
 * Reads the probability that answer A is better from a judge's reply. With logprobs: at the first
 * answer token whose alternatives include the letters, {@code (P(A) + P(C)/2) / (P(A) + P(B) +
 * P(C))}; a probability, not a coin. Without them: the text, which must be exactly one letter (or
 * MT-Bench's {@code [[A]]}); A is 1, B is 0, C is 1/2. Anything else is an error, never a guess.
 */
final class JudgeVerdict {

  private static final Pattern LETTER =
      Pattern.compile("\\s*(?:\\[\\[)?([ABC])(?:\\]\\])?\\.?\\s*");

  private JudgeVerdict() {}

  static double probabilityAFirst(ChatReply reply) {
    if ("content_filter".equals(reply.finishReason())) {
      throw new IllegalStateException("the judge refused to answer (finish_reason=content_filter)");
    }
    for (Map<String, Double> alternatives : reply.topLogprobs()) {
      double a = 0;
      double b = 0;
      double c = 0;
      boolean onlyPunctuation = true;
      for (Map.Entry<String, Double> e : alternatives.entrySet()) {
        String token = e.getKey().replace("[", "").replace("]", "").strip();
        double p = Math.exp(e.getValue());
        switch (token) {
          case "A" -> a += p;
          case "B" -> b += p;
          case "C" -> c += p;
          default -> {}
        }
        onlyPunctuation &= token.isEmpty();
      }
      if (a + b > 0) {
        return (a + c / 2) / (a + b + c);
      }
      if (!onlyPunctuation) {
        break; // the answer began with something other than a letter; the text decides, strictly
      }
    }
    String text = reply.content();
    Matcher m = text == null ? null : LETTER.matcher(text);
    if (m == null || !m.matches()) {
      throw new IllegalStateException(
          "unparseable verdict " + quote(text) + " (finish_reason=" + reply.finishReason() + ")");
    }
    return switch (m.group(1)) {
      case "A" -> 1.0;
      case "B" -> 0.0;
      default -> 0.5;
    };
  }

  private static String quote(String text) {
    if (text == null) {
      return "(no content)";
    }
    return "\"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
  }
}

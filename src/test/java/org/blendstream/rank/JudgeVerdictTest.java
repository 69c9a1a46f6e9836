package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.blendstream.model.chat.ChatReply;
import org.junit.jupiter.api.Test;

class JudgeVerdictTest {

  private static ChatReply text(String content) {
    return new ChatReply(content, "stop", List.of(), 0, 0, 1);
  }

  @Test
  void readsTheProbabilityFromTheFirstTokensAlternatives() {
    ChatReply reply =
        new ChatReply(
            "A",
            "stop",
            List.of(Map.of("A", Math.log(0.6), "B", Math.log(0.3), " C", Math.log(0.1))),
            0,
            0,
            1);
    assertEquals((0.6 + 0.05) / 1.0, JudgeVerdict.probabilityAFirst(reply), 1e-9);
  }

  @Test
  void skipsBracketTokensBeforeTheLetter() {
    ChatReply reply =
        new ChatReply(
            "[[B]]",
            "stop",
            List.of(
                Map.of("[[", -0.01, " [[", -4.0), Map.of("B", Math.log(0.75), "A", Math.log(0.25))),
            0,
            0,
            1);
    assertEquals(0.25, JudgeVerdict.probabilityAFirst(reply), 1e-9);
  }

  @Test
  void readsAStrictSingleLetterFromTheTextWhenThereAreNoLogprobs() {
    assertEquals(1.0, JudgeVerdict.probabilityAFirst(text("A")));
    assertEquals(0.0, JudgeVerdict.probabilityAFirst(text(" [[B]]\n")));
    assertEquals(0.5, JudgeVerdict.probabilityAFirst(text("C.")));
  }

  @Test
  void rejectsAnythingElse() {
    for (String s : List.of("", "AB", "Assistant A", "a", "The answer is B")) {
      assertThrows(IllegalStateException.class, () -> JudgeVerdict.probabilityAFirst(text(s)), s);
    }
    assertThrows(IllegalStateException.class, () -> JudgeVerdict.probabilityAFirst(text(null)));
  }

  @Test
  void aRefusalIsAnError() {
    ChatReply refused = new ChatReply(null, "content_filter", List.of(), 0, 0, 1);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> JudgeVerdict.probabilityAFirst(refused));
    assertEquals("the judge refused to answer (finish_reason=content_filter)", e.getMessage());
  }
}

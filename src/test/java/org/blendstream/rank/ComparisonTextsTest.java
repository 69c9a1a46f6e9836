package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.blendstream.avro.Request;
import org.blendstream.avro.Turn;
import org.junit.jupiter.api.Test;

class ComparisonTextsTest {

  @Test
  void singleTurnSourceIsInstructionThenInputOnItsOwnLine() {
    Request r = TestSets.request("r", "Translate to French.", null, List.of());
    r.setInput("Good morning");
    ComparisonTexts t = ComparisonTexts.of(r, List.of("Bonjour", "Salut"));
    assertEquals("Translate to French.\nGood morning", t.source());
    assertEquals(List.of("Bonjour", "Salut"), t.candidates());
  }

  @Test
  void singleTurnWithoutInputIsTheInstruction() {
    ComparisonTexts t =
        ComparisonTexts.of(TestSets.request("r", "Hi?", null, List.of()), List.of("a"));
    assertEquals("Hi?", t.source());
  }

  /**
   * golden.json's expected strings come from the reference's compare_conversations formula, in
   * Python.
   */
  @Test
  void multiTurnFlatteningMatchesPairRmCompareConversations() {
    JsonNode conv = TinyFixture.golden().get("conversation");
    List<Turn> history = new ArrayList<>();
    for (JsonNode t : conv.get("history")) {
      history.add(new Turn(t.get("role").asText(), t.get("content").asText()));
    }
    List<String> answers = new ArrayList<>();
    conv.get("candidates").forEach(c -> answers.add(c.asText()));
    ComparisonTexts t =
        ComparisonTexts.of(
            TestSets.request("r", conv.get("instruction").asText(), null, history), answers);
    assertEquals(conv.get("source").asText(), t.source());
    List<String> expected = new ArrayList<>();
    conv.get("candidate_texts").forEach(c -> expected.add(c.asText()));
    assertEquals(expected, t.candidates());
  }

  @Test
  void multiTurnSpelledOut() {
    List<Turn> history = List.of(new Turn("user", "hello"), new Turn("assistant", "hi there"));
    ComparisonTexts t =
        ComparisonTexts.of(
            TestSets.request("r", "how are you?", null, history), List.of("fine", "bad"));
    assertEquals(
        ComparisonTexts.CONVERSATION_INSTRUCTION
            + "USER: hello\nAssistant: <Response 1>\nUSER: how are you?\nAssistant: <Response 2>",
        t.source());
    assertEquals(
        List.of(
            "<Response 1>: hi there\n<Response 2>: fine",
            "<Response 1>: hi there\n<Response 2>: bad"),
        t.candidates());
  }

  @Test
  void otherRolesStayInTheSourceAndSlotsKeepCounting() {
    List<Turn> history =
        List.of(
            new Turn("system", "be brief"),
            new Turn("user", "q1"),
            new Turn("assistant", "a1"),
            new Turn("assistant", "a1 more"));
    ComparisonTexts t =
        ComparisonTexts.of(TestSets.request("r", "q2", null, history), List.of("a2"));
    assertEquals(
        ComparisonTexts.CONVERSATION_INSTRUCTION
            + "SYSTEM: be brief\nUSER: q1\nAssistant: <Response 1>"
            + "\nAssistant: <Response 2>\nUSER: q2\nAssistant: <Response 3>",
        t.source());
    assertEquals(
        List.of("<Response 1>: a1\n<Response 2>: a1 more\n<Response 3>: a2"), t.candidates());
  }
}

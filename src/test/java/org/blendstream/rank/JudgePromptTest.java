package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.blendstream.model.chat.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgePromptTest {

  @TempDir Path tmp;

  @Test
  void theShippedPromptIsMtBenchsPairV2AskingForOneLetter() {
    JudgePrompt prompt = JudgePrompt.load("");
    assertEquals("pair-v2-letter", prompt.name());
    assertEquals("1", prompt.version());
    assertTrue(
        prompt
            .systemPrompt()
            .startsWith(
                "Please act as an impartial judge and evaluate the quality of the responses"
                    + " provided by two AI assistants to the user question displayed below."),
        prompt.systemPrompt());
    assertTrue(
        prompt
            .systemPrompt()
            .endsWith(
                "\"A\" if assistant A is better, \"B\" if assistant B is better, and"
                    + " \"C\" for a tie."),
        prompt.systemPrompt());
    List<ChatMessage> messages = prompt.messages("Q?", "first", "second");
    assertEquals("system", messages.get(0).role());
    assertEquals(
        "[User Question]\n"
            + "Q?\n\n"
            + "[The Start of Assistant A's Answer]\n"
            + "first\n"
            + "[The End of Assistant A's Answer]\n\n"
            + "[The Start of Assistant B's Answer]\n"
            + "second\n"
            + "[The End of Assistant B's Answer]",
        messages.get(1).content());
  }

  @Test
  void anAnswerThatContainsAPlaceholderIsNotItselfFilledIn() {
    String user = JudgePrompt.load("").messages("Q", "see {answer_b}", "B").get(1).content();
    assertTrue(user.contains("see {answer_b}\n[The End of Assistant A's Answer]"), user);
  }

  @Test
  void aUsersPromptFileInFastChatsShapeIsUsedAndKeysItsOwnVerdicts() throws Exception {
    Path file =
        Files.writeString(
            tmp.resolve("p.json"),
            "{\"name\": \"mine\", \"version\": \"3\", \"system_prompt\": \"\", \"prompt_template\":"
                + " \"{question} | {answer_a} | {answer_b} -> A or B?\"}");
    JudgePrompt mine = JudgePrompt.load(file.toString());
    assertEquals(List.of(ChatMessage.user("q | x | y -> A or B?")), mine.messages("q", "x", "y"));
    assertNotEquals(JudgePrompt.load("").fingerprint(), mine.fingerprint());
  }

  @Test
  void aPromptWithoutVersionOrPlaceholdersIsRefused() throws Exception {
    Path noVersion =
        Files.writeString(
            tmp.resolve("a.json"), "{\"prompt_template\": \"{question}{answer_a}{answer_b}\"}");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> JudgePrompt.load(noVersion.toString()))
            .getMessage()
            .contains("needs a \"version\""));
    Path noB =
        Files.writeString(
            tmp.resolve("b.json"),
            "{\"version\": \"1\", \"prompt_template\": \"{question}{answer_a}\"}");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> JudgePrompt.load(noB.toString()))
            .getMessage()
            .contains("no {answer_b}"));
  }
}

package org.blendstream.rank;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.Request;
import org.blendstream.avro.Turn;

/**
 * The texts a pairwise ranker compares: one source and one text per candidate, in the set's order.
 *
 * <p>Single turn: the source is the instruction, then the input on its own line when there is one
 * (the reference glues {@code instruction + input} without a separator, which runs words together;
 * we add "\n").
 *
 * <p>Multi-turn: flattened exactly as PairRM's {@code compare_conversations}: the source is its
 * fixed instruction followed by every user turn as {@code "USER: …\nAssistant: <Response k>"}
 * joined by newlines, and each candidate is the list of responses {@code "<Response k>: …"}. The
 * earlier assistant turns from the history therefore appear in every candidate text, before the
 * candidate's own answer to the last turn, because that is the text the reference feeds the model.
 * Roles other than user and assistant are kept in the source as {@code "ROLE: …"} lines; the
 * reference has no place for them.
 */
public record ComparisonTexts(String source, List<String> candidates) {

  /**
   * The reference's instruction for conversations, spelling included, because the model saw this
   * text.
   */
  public static final String CONVERSATION_INSTRUCTION =
      "Finish the following coversation in each i-th turn by filling in <Response i> with your"
          + " response.";

  public static ComparisonTexts of(CandidateSet set) {
    List<String> answers = new ArrayList<>();
    for (Candidate c : set.getCandidates()) {
      answers.add(c.getText());
    }
    return of(set.getRequest(), answers);
  }

  /**
   * For an LLM judge, which reads a conversation as people write it: the earlier turns as
   * MT-Bench's multi-turn judge prompt lays them out ({@code ### User:} / {@code ### Assistant:}
   * blocks), then the last user turn, as the question; each candidate is its own answer to that
   * turn alone. Single turn: the same texts as {@link #of}.
   */
  public static ComparisonTexts forJudge(CandidateSet set) {
    List<Turn> history = set.getRequest().getHistory();
    if (history == null || history.isEmpty()) {
      return of(set);
    }
    StringBuilder question = new StringBuilder();
    for (Turn turn : history) {
      String role = turn.getRole() == null ? "" : turn.getRole();
      String label =
          role.isEmpty() ? "Turn" : Character.toUpperCase(role.charAt(0)) + role.substring(1);
      question.append("### ").append(label).append(":\n").append(turn.getContent()).append("\n\n");
    }
    question
        .append("### User:\n")
        .append(prompt(set.getRequest().getInstruction(), set.getRequest().getInput()));
    List<String> answers = new ArrayList<>();
    for (Candidate c : set.getCandidates()) {
      answers.add(c.getText());
    }
    return new ComparisonTexts(question.toString(), List.copyOf(answers));
  }

  public static ComparisonTexts of(Request request, List<String> answers) {
    String prompt = prompt(request.getInstruction(), request.getInput());
    List<Turn> history = request.getHistory();
    if (history == null || history.isEmpty()) {
      return new ComparisonTexts(prompt, List.copyOf(answers));
    }
    return conversation(history, prompt, answers);
  }

  static String prompt(String instruction, String input) {
    String head = instruction == null ? "" : instruction;
    if (input == null || input.isEmpty()) {
      return head;
    }
    return head.isEmpty() ? input : head + "\n" + input;
  }

  private static ComparisonTexts conversation(
      List<Turn> history, String lastUserTurn, List<String> answers) {
    List<String> sourceLines = new ArrayList<>();
    List<String> earlierResponses = new ArrayList<>();
    int slot = 0;
    for (Turn turn : history) {
      String role = turn.getRole() == null ? "" : turn.getRole().toLowerCase(Locale.ROOT);
      switch (role) {
        case "user" -> sourceLines.add(userLine(turn.getContent(), ++slot));
        case "assistant" -> {
          if (slot == 0 || earlierResponses.size() == slot) {
            // An answer without its own user turn still needs a slot, or the numbering would drift.
            sourceLines.add("Assistant: <Response " + (++slot) + ">");
          }
          earlierResponses.add(responseLine(slot, turn.getContent()));
        }
        default ->
            sourceLines.add(turn.getRole().toUpperCase(Locale.ROOT) + ": " + turn.getContent());
      }
    }
    int last = ++slot;
    sourceLines.add(userLine(lastUserTurn, last));
    String source = CONVERSATION_INSTRUCTION + String.join("\n", sourceLines);
    List<String> candidates = new ArrayList<>(answers.size());
    for (String answer : answers) {
      List<String> lines = new ArrayList<>(earlierResponses);
      lines.add(responseLine(last, answer));
      candidates.add(String.join("\n", lines));
    }
    return new ComparisonTexts(source, List.copyOf(candidates));
  }

  private static String userLine(String content, int slot) {
    return "USER: " + content + "\nAssistant: <Response " + slot + ">";
  }

  private static String responseLine(int slot, String content) {
    return "<Response " + slot + ">: " + content;
  }
}

package org.blendstream.rank;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.blendstream.avro.Request;
import org.blendstream.avro.Turn;
import org.blendstream.model.chat.ChatMessage;

/**
 * A request as the conversation a reward model scores an answer to: the history's turns as they
 * are, then the final user turn, whose text is the instruction and its input as the pair rankers
 * see them ({@link ComparisonTexts#prompt}). A request whose history already ends in the question
 * (empty instruction) adds no empty turn.
 */
final class RewardConversation {

  private RewardConversation() {}

  static List<ChatMessage> of(Request request) {
    List<ChatMessage> messages = new ArrayList<>();
    List<Turn> history = request.getHistory();
    if (history != null) {
      for (Turn t : history) {
        // Templates compare roles with lower-case names ('user', 'assistant', 'system').
        messages.add(
            new ChatMessage(
                t.getRole() == null ? ChatMessage.USER : t.getRole().toLowerCase(Locale.ROOT),
                t.getContent() == null ? "" : t.getContent()));
      }
    }
    String prompt = ComparisonTexts.prompt(request.getInstruction(), request.getInput());
    if (!prompt.isEmpty() || messages.isEmpty()) {
      messages.add(new ChatMessage(ChatMessage.USER, prompt));
    }
    return List.copyOf(messages);
  }
}

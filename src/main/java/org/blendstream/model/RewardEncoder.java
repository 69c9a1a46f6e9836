package org.blendstream.model;

import java.util.List;
import org.blendstream.model.chat.ChatMessage;

/**
 * A conversation and one candidate answer as the token ids a reward model reads, by the model
 * directory's {@code input_format}: {@link ChatTemplateEncoder} or {@link TextPairEncoder}.
 */
public interface RewardEncoder extends AutoCloseable {

  /**
   * {@code conversation} ends with the turn the candidate answers; the ids are already cut to the
   * model's budget.
   */
  long[] encode(List<ChatMessage> conversation, String candidate);

  @Override
  void close();
}

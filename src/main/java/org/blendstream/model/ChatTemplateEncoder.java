package org.blendstream.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.blendstream.model.chat.ChatMessage;

/**
 * Decoder reward models: the conversation with the candidate as the assistant's last turn, rendered
 * by the model's chat template and tokenized without added special tokens (the template writes
 * them). A sequence over {@code maxLength} loses its middle: the first {@code maxLength − keepLast}
 * ids and the last {@code keepLast} stay, because a decoder reward is read at the last token, after
 * the template's end of turn.
 */
public final class ChatTemplateEncoder implements RewardEncoder {

  private final ChatTemplate template;
  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;
  private final int keepLast;

  /** {@code tokenizer} adds no special tokens and does not truncate ({@link Tokenizers#raw}). */
  public ChatTemplateEncoder(
      ChatTemplate template, HuggingFaceTokenizer tokenizer, int maxLength, int keepLast) {
    if (maxLength < 1 || keepLast < 0 || keepLast >= maxLength) {
      throw new IllegalArgumentException(
          "keep_last must be at least 0 and below max_length, not keep_last "
              + keepLast
              + " with max_length "
              + maxLength);
    }
    this.template = template;
    this.tokenizer = tokenizer;
    this.maxLength = maxLength;
    this.keepLast = keepLast;
  }

  @Override
  public long[] encode(List<ChatMessage> conversation, String candidate) {
    return middleCut(
        tokenizer.encode(render(conversation, candidate), false, false).getIds(),
        maxLength,
        keepLast);
  }

  /** The text the model reads, before tokenization. */
  public String render(List<ChatMessage> conversation, String candidate) {
    List<ChatMessage> messages = new ArrayList<>(conversation);
    messages.add(new ChatMessage(ChatMessage.ASSISTANT, candidate));
    return template.render(messages);
  }

  /**
   * The first {@code maxLength − keepLast} ids and the last {@code keepLast}; the ids themselves if
   * they fit.
   */
  static long[] middleCut(long[] ids, int maxLength, int keepLast) {
    if (ids.length <= maxLength) {
      return ids;
    }
    long[] out = Arrays.copyOf(ids, maxLength);
    System.arraycopy(ids, ids.length - keepLast, out, maxLength - keepLast, keepLast);
    return out;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}

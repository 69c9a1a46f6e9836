package org.blendstream.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.blendstream.model.chat.ChatMessage;

/**
 * Encoder reward models (DeBERTa): {@code tokenizer(prompt, candidate)} with the tokenizer's own
 * special tokens and {@code longest_first} truncation, as OpenAssistant's reward models are called.
 * A single turn is the prompt as it is; a conversation becomes one line per turn, {@code "USER:
 * …"}, {@code "ASSISTANT: …"}, {@code "SYSTEM: …"}, so the earlier answers stay in the prompt and
 * the second segment is the candidate alone.
 */
public final class TextPairEncoder implements RewardEncoder {

  private final HuggingFaceTokenizer tokenizer;

  /** {@code tokenizer} adds its special tokens and truncates pairs ({@link Tokenizers#pairs}). */
  public TextPairEncoder(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  @Override
  public long[] encode(List<ChatMessage> conversation, String candidate) {
    return tokenizer.encode(prompt(conversation), candidate, true, false).getIds();
  }

  /** The first segment: the last user turn alone, or the conversation as role-labelled lines. */
  public static String prompt(List<ChatMessage> conversation) {
    if (conversation.size() == 1) {
      return conversation.get(0).content();
    }
    List<String> lines = new ArrayList<>(conversation.size());
    for (ChatMessage m : conversation) {
      lines.add(m.role().toUpperCase(Locale.ROOT) + ": " + m.content());
    }
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}

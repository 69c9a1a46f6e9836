package org.blendstream.model.chat;

/**
 * One turn of a conversation: what a chat completion request sends and what a chat template reads
 * as {@code message['role']} and {@code message['content']}. Roles are {@code system}, {@code user}
 * or {@code assistant}.
 */
public record ChatMessage(String role, String content) {

  public static final String SYSTEM = "system";
  public static final String USER = "user";
  public static final String ASSISTANT = "assistant";

  public static ChatMessage system(String content) {
    return new ChatMessage(SYSTEM, content);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage(USER, content);
  }
}

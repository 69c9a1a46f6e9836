package org.blendstream.model;

/** One turn of a conversation as a chat template reads it: {@code message['role']} and {@code message['content']}. */
public record ChatMessage(String role, String content) {

  public static final String USER = "user";
  public static final String ASSISTANT = "assistant";
}

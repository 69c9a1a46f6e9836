package org.blendstream.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.model.chat.ChatMessage;
import org.junit.jupiter.api.Test;

/**
 * Chat templates rendered in Java against the same conversations rendered by transformers'
 * apply_chat_template (src/test/resources/chat-templates/goldens.json, written by
 * tools/fixtures/chat_templates/).
 */
class ChatTemplateGoldenTest {

  static JsonNode goldens() throws IOException {
    try (InputStream in =
        ChatTemplateGoldenTest.class.getResourceAsStream("/chat-templates/goldens.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  static List<ChatMessage> conversation(JsonNode c) {
    List<ChatMessage> messages = new ArrayList<>();
    for (JsonNode m : c.get("messages")) {
      messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
    }
    messages.add(new ChatMessage(ChatMessage.ASSISTANT, c.get("candidate").asText()));
    return messages;
  }

  @Test
  void rendersEveryTemplateAsTransformersDoes() throws IOException {
    JsonNode g = goldens();
    Map<String, ChatTemplate> templates = new HashMap<>();
    for (JsonNode t : g.get("templates")) {
      Map<String, String> vars = new HashMap<>();
      t.get("variables")
          .fields()
          .forEachRemaining(e -> vars.put(e.getKey(), e.getValue().asText()));
      templates.put(t.get("name").asText(), ChatTemplate.of(t.get("template").asText(), vars));
    }
    List<String> failures = new ArrayList<>();
    int rendered = 0;
    for (JsonNode c : g.get("cases")) {
      ChatTemplate template = templates.get(c.get("template").asText());
      List<ChatMessage> messages = conversation(c);
      String name = c.get("template").asText() + " " + c.get("messages").toString();
      if (c.has("error")) {
        try {
          template.render(messages);
          failures.add(name + ": rendered, but transformers raised " + c.get("error").asText());
        } catch (IllegalArgumentException e) {
          if (!e.getMessage().contains(c.get("error").asText())) {
            failures.add(
                name
                    + ": raised '"
                    + e.getMessage()
                    + "', transformers raised "
                    + c.get("error").asText());
          }
        }
        continue;
      }
      try {
        String text = template.render(messages);
        rendered++;
        if (!c.get("text").asText().equals(text)) {
          failures.add(
              name
                  + ":\n  expected "
                  + ObjectMapperHolder.quote(c.get("text").asText())
                  + "\n  rendered "
                  + ObjectMapperHolder.quote(text));
        }
      } catch (RuntimeException e) {
        failures.add(name + ": " + e);
      }
    }
    assertTrue(
        failures.isEmpty(),
        failures.size()
            + " of "
            + g.get("cases").size()
            + " differ:\n"
            + String.join("\n", failures));
    assertTrue(rendered >= 50, "rendered " + rendered);
  }

  private static final class ObjectMapperHolder {
    static String quote(String s) {
      try {
        return new ObjectMapper().writeValueAsString(s);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}

package org.blendstream.rank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.blendstream.model.chat.ChatMessage;

/**
 * A pairwise judge prompt in the shape of FastChat's {@code judge_prompts.jsonl} (a system prompt
 * and a template with {@code {question}}, {@code {answer_a}}, {@code {answer_b}}), plus a version.
 * The shipped one, {@code judge/pair-v2-letter.json}, is MT-Bench's pair-v2 asking for a single
 * letter (see judge/README.md).
 */
public record JudgePrompt(
    String name, String version, String systemPrompt, String template, int maxTokens) {

  static final String SHIPPED = "/judge/pair-v2-letter.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public static JudgePrompt load(String file) {
    if (file == null || file.isBlank()) {
      try (InputStream in = JudgePrompt.class.getResourceAsStream(SHIPPED)) {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), SHIPPED);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      return parse(Files.readString(Path.of(file), StandardCharsets.UTF_8), file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the judge prompt " + file, e);
    }
  }

  static JudgePrompt parse(String json, String where) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the judge prompt " + where + " is not JSON: " + e.getMessage());
    }
    String template = root.path("prompt_template").asText("");
    for (String slot : List.of("{question}", "{answer_a}", "{answer_b}")) {
      if (!template.contains(slot)) {
        throw new IllegalArgumentException(
            "the judge prompt " + where + " has no " + slot + " in its prompt_template");
      }
    }
    String version = root.path("version").asText("");
    if (version.isBlank()) {
      // The version keys the verdict cache: a prompt without one would silently reuse another
      // prompt's verdicts.
      throw new IllegalArgumentException("the judge prompt " + where + " needs a \"version\"");
    }
    return new JudgePrompt(
        root.path("name").asText("custom"),
        version,
        root.path("system_prompt").asText(""),
        template,
        root.path("max_tokens").asInt(8));
  }

  /** The two messages of one comparison, answer A shown first. */
  public List<ChatMessage> messages(String question, String answerA, String answerB) {
    // One pass over the template, so that an answer containing "{answer_b}" is not itself
    // substituted.
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      if (template.startsWith("{question}", i)) {
        out.append(question);
        i += "{question}".length();
      } else if (template.startsWith("{answer_a}", i)) {
        out.append(answerA);
        i += "{answer_a}".length();
      } else if (template.startsWith("{answer_b}", i)) {
        out.append(answerB);
        i += "{answer_b}".length();
      } else {
        out.append(template.charAt(i++));
      }
    }
    return systemPrompt.isEmpty()
        ? List.of(ChatMessage.user(out.toString()))
        : List.of(ChatMessage.system(systemPrompt), ChatMessage.user(out.toString()));
  }

  /**
   * A hash of the prompt's text, so that an edited prompt under an unchanged version still gets its
   * own verdicts.
   */
  String fingerprint() {
    return sha256(name, version, systemPrompt, template);
  }

  static String sha256(String... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        digest.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

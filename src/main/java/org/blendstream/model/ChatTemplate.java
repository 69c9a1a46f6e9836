package org.blendstream.model;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELResolver;
import org.blendstream.model.chat.ChatMessage;

/**
 * A Hugging Face chat template (the Jinja string of a tokenizer_config.json) rendered as
 * transformers' {@code apply_chat_template} renders it: jinja2 with {@code trim_blocks} and {@code
 * lstrip_blocks} on, the tokenizer's special tokens as variables, {@code raise_exception} as a
 * function. Rendering is by jinjava, brought closer to jinja2 by Python's operator precedence,
 * Python's str methods ({@link PythonStringMethods}) and two rewrites of syntax it cannot parse
 * ({@link JinjavaSyntax}); {@code ChatTemplateGoldenTest} holds it to transformers' output.
 * Thread-safe: every render has its own interpreter.
 */
public final class ChatTemplate {

  private static final Jinjava JINJA = engine();

  private final String source;
  private final Map<String, String> variables;

  private ChatTemplate(String source, Map<String, String> variables) {
    this.source = source;
    this.variables = Map.copyOf(variables);
  }

  /**
   * {@code variables} are what the tokenizer hands the template besides the messages: bos_token,
   * eos_token.
   */
  public static ChatTemplate of(String source, Map<String, String> variables) {
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("the chat template is empty");
    }
    return new ChatTemplate(
        JinjavaSyntax.rewrite(source), variables == null ? Map.of() : variables);
  }

  /**
   * The conversation as text, with no generation prompt: the last message is the answer a reward
   * model reads.
   */
  public String render(List<ChatMessage> messages) {
    Map<String, Object> context = new HashMap<>(variables);
    List<Map<String, Object>> list = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("role", m.role());
      message.put("content", m.content());
      list.add(message);
    }
    context.put("messages", list);
    context.put("add_generation_prompt", false);
    RenderResult result = JINJA.renderForResult(source, context);
    for (TemplateError e : result.getErrors()) {
      if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
        throw new IllegalArgumentException("chat template failed: " + reason(e));
      }
    }
    return result.getOutput();
  }

  // The template's own raise_exception message, when that is what stopped it, rather than jinjava's
  // wrapper.
  private static String reason(TemplateError e) {
    for (Throwable t = e.getException(); t != null; t = t.getCause()) {
      if (t instanceof TemplateRaisedException) {
        return t.getMessage();
      }
    }
    return e.getMessage();
  }

  /**
   * Called by templates as {@code raise_exception('…')}, as transformers defines it: the render
   * fails with it.
   */
  public static String raiseException(String message) {
    throw new TemplateRaisedException(message);
  }

  private static Jinjava engine() {
    JinjavaConfig config =
        JinjavaConfig.newBuilder()
            .withTrimBlocks(true)
            .withLstripBlocks(true)
            // A message's text is data: "{{ x }}" inside an answer must come out as written, not be
            // rendered again.
            .withNestedInterpretationEnabled(false)
            .withFailOnUnknownTokens(false)
            .withElResolver(resolver())
            .withLegacyOverrides(
                LegacyOverrides.newBuilder()
                    // Python's precedence: in "a + b | trim + c" the filter takes b alone, as in
                    // Llama 3's template.
                    .withUseNaturalOperatorPrecedence(true)
                    .withParseWhitespaceControlStrictly(true)
                    .withUseTrimmingForNotesAndExpressions(true)
                    .build())
            .build();
    Jinjava jinja = new Jinjava(config);
    jinja
        .getGlobalContext()
        .registerFunction(
            new ELFunctionDefinition(
                "", "raise_exception", ChatTemplate.class, "raiseException", String.class));
    return jinja;
  }

  private static ELResolver resolver() {
    CompositeELResolver resolver = new CompositeELResolver();
    resolver.add(new PythonStringMethods());
    resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
    return resolver;
  }

  /** A template's own refusal, e.g. of roles that do not alternate. */
  public static final class TemplateRaisedException extends RuntimeException {
    TemplateRaisedException(String message) {
      super(message);
    }
  }
}

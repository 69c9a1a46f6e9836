package org.blendstream.model;

/**
 * Rewrites the two jinja2 forms of real chat templates that jinjava's parser does not read, into
 * forms it reads with the same meaning: a reversing slice {@code xs[::-1]} becomes {@code
 * (xs|reverse)}, and the value of a keyword argument of {@code namespace(…)} is put in parentheses,
 * since jinjava binds {@code k=v} tighter than arithmetic ({@code namespace(last=messages|length -
 * 1)} would subtract 1 from the keyword itself). Text outside {@code {{ }}} and {@code {% %}} and
 * inside string literals is left alone.
 */
final class JinjavaSyntax {

  private JinjavaSyntax() {}

  static String rewrite(String template) {
    StringBuilder out = new StringBuilder(template.length() + 16);
    int i = 0;
    while (i < template.length()) {
      int open = nextTag(template, i);
      if (open < 0) {
        out.append(template, i, template.length());
        break;
      }
      out.append(template, i, open + 2);
      String close = template.charAt(open + 1) == '{' ? "}}" : "%}";
      int end = tagEnd(template, open + 2, close);
      out.append(rewriteCode(template.substring(open + 2, end)));
      i = end;
    }
    return out.toString();
  }

  private static int nextTag(String t, int from) {
    int a = t.indexOf("{{", from);
    int b = t.indexOf("{%", from);
    if (a < 0) {
      return b;
    }
    return b < 0 ? a : Math.min(a, b);
  }

  /**
   * Where the tag's closing delimiter starts, skipping string literals; the end of the text if it
   * never closes.
   */
  private static int tagEnd(String t, int from, String close) {
    char quote = 0;
    for (int k = from; k < t.length(); k++) {
      char c = t.charAt(k);
      if (quote != 0) {
        if (c == '\\') {
          k++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (t.startsWith(close, k)) {
        return k;
      }
    }
    return t.length();
  }

  private static String rewriteCode(String code) {
    return namespaceArguments(reversingSlices(code));
  }

  private static String reversingSlices(String code) {
    StringBuilder out = new StringBuilder();
    char quote = 0;
    for (int k = 0; k < code.length(); k++) {
      char c = code.charAt(k);
      if (quote == 0 && code.startsWith("[::-1]", k)) {
        // Wrap the operand that ends here: an identifier path, a call or an index.
        int start = operandStart(out);
        out.insert(start, '(').append("|reverse)");
        k += 5;
        continue;
      }
      if (quote != 0 && c == '\\') {
        out.append(c);
        if (k + 1 < code.length()) {
          out.append(code.charAt(++k));
        }
        continue;
      }
      if (quote != 0 && c == quote) {
        quote = 0;
      } else if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      }
      out.append(c);
    }
    return out.toString();
  }

  private static int operandStart(CharSequence s) {
    int k = s.length();
    int depth = 0;
    while (k > 0) {
      char c = s.charAt(k - 1);
      if (c == ')' || c == ']') {
        depth++;
      } else if (c == '(' || c == '[') {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if (depth == 0 && !(Character.isLetterOrDigit(c) || c == '_' || c == '.')) {
        break;
      }
      k--;
    }
    return k;
  }

  private static String namespaceArguments(String code) {
    int at = code.indexOf("namespace(");
    if (at < 0) {
      return code;
    }
    StringBuilder out = new StringBuilder(code.substring(0, at + "namespace(".length()));
    int k = at + "namespace(".length();
    int depth = 0;
    char quote = 0;
    int argStart = k;
    for (; k < code.length(); k++) {
      char c = code.charAt(k);
      if (quote != 0) {
        if (c == '\\') {
          k++;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
        depth--;
      } else if (depth == 0 && (c == ',' || c == ')')) {
        out.append(keywordValueInParentheses(code.substring(argStart, k))).append(c);
        argStart = k + 1;
        if (c == ')') {
          return out + namespaceArguments(code.substring(k + 1));
        }
      }
    }
    return code;
  }

  private static String keywordValueInParentheses(String argument) {
    int eq = argument.indexOf('=');
    boolean keyword =
        eq > 0
            && argument.substring(0, eq).trim().matches("[A-Za-z_][A-Za-z0-9_]*")
            && (eq + 1 >= argument.length() || argument.charAt(eq + 1) != '=');
    if (!keyword) {
      return argument;
    }
    return argument.substring(0, eq + 1) + "(" + argument.substring(eq + 1) + ")";
  }
}

package org.blendstream.model;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Python's str methods for jinjava, which otherwise offers Java's: chat templates call {@code
 * content.startswith(…)}, {@code .split('</think>')[-1].lstrip('\n')} and the like, on message
 * texts and on literals alike, and jinja2 runs them as Python does. Only method calls on strings
 * are resolved here; everything else falls through to jinjava.
 */
final class PythonStringMethods extends ELResolver {

  private static final Set<String> METHODS =
      Set.of(
          "startswith",
          "endswith",
          "strip",
          "lstrip",
          "rstrip",
          "split",
          "upper",
          "lower",
          "replace",
          "find",
          "join",
          "title",
          "capitalize",
          "count");

  @Override
  public Object invoke(
      ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
    if (!(base instanceof String s)
        || !(method instanceof String name)
        || !METHODS.contains(name)) {
      return null;
    }
    Object[] p = params == null ? new Object[0] : params;
    Object result =
        switch (name) {
          case "startswith" -> affix(s, p, true);
          case "endswith" -> affix(s, p, false);
          case "strip" -> rstrip(lstrip(s, chars(p)), chars(p));
          case "lstrip" -> lstrip(s, chars(p));
          case "rstrip" -> rstrip(s, chars(p));
          case "split" ->
              split(s, p.length > 0 ? p[0] : null, p.length > 1 ? ((Number) p[1]).intValue() : -1);
          case "upper" -> s.toUpperCase(java.util.Locale.ROOT);
          case "lower" -> s.toLowerCase(java.util.Locale.ROOT);
          case "replace" ->
              replace(s, str(p[0]), str(p[1]), p.length > 2 ? ((Number) p[2]).intValue() : -1);
          case "find" -> s.indexOf(str(p[0]));
          case "count" -> count(s, str(p[0]));
          case "join" -> join(s, p[0]);
          case "title" -> title(s);
          case "capitalize" ->
              s.isEmpty()
                  ? s
                  : s.substring(0, 1).toUpperCase(java.util.Locale.ROOT)
                      + s.substring(1).toLowerCase(java.util.Locale.ROOT);
          default -> throw new IllegalStateException(name);
        };
    context.setPropertyResolved(true);
    return result;
  }

  private static String str(Object o) {
    return o == null ? "None" : o.toString();
  }

  private static boolean affix(String s, Object[] p, boolean prefix) {
    // Python accepts a tuple of candidates; jinja2 templates write it as a list or tuple.
    if (p[0] instanceof Iterable<?> options) {
      for (Object o : options) {
        if (prefix ? s.startsWith(str(o)) : s.endsWith(str(o))) {
          return true;
        }
      }
      return false;
    }
    return prefix ? s.startsWith(str(p[0])) : s.endsWith(str(p[0]));
  }

  /** The characters to strip, or null for Python's whitespace. */
  private static String chars(Object[] p) {
    return p.length == 0 || p[0] == null ? null : str(p[0]);
  }

  private static boolean strips(int c, String chars) {
    return chars == null ? isPythonSpace(c) : chars.indexOf(c) >= 0;
  }

  private static boolean isPythonSpace(int c) {
    return Character.isWhitespace(c)
        || Character.isSpaceChar(c)
        || c == 0x1c
        || c == 0x1d
        || c == 0x1e
        || c == 0x1f
        || c == 0x85;
  }

  static String lstrip(String s, String chars) {
    int i = 0;
    while (i < s.length() && strips(s.charAt(i), chars)) {
      i++;
    }
    return s.substring(i);
  }

  static String rstrip(String s, String chars) {
    int j = s.length();
    while (j > 0 && strips(s.charAt(j - 1), chars)) {
      j--;
    }
    return s.substring(0, j);
  }

  /**
   * str.split: a literal separator keeping empty pieces (also the last one), or runs of whitespace
   * without one.
   */
  static List<String> split(String s, Object separator, int maxSplit) {
    List<String> out = new ArrayList<>();
    if (separator == null) {
      String rest = lstrip(s, null);
      while (!rest.isEmpty()) {
        if (maxSplit >= 0 && out.size() == maxSplit) {
          out.add(rstrip(rest, null));
          return out;
        }
        int end = 0;
        while (end < rest.length() && !isPythonSpace(rest.charAt(end))) {
          end++;
        }
        out.add(rest.substring(0, end));
        rest = lstrip(rest.substring(end), null);
      }
      return out;
    }
    String sep = str(separator);
    if (sep.isEmpty()) {
      throw new IllegalArgumentException("empty separator");
    }
    int from = 0;
    int at;
    while ((maxSplit < 0 || out.size() < maxSplit) && (at = s.indexOf(sep, from)) >= 0) {
      out.add(s.substring(from, at));
      from = at + sep.length();
    }
    out.add(s.substring(from));
    return out;
  }

  private static String replace(String s, String old, String with, int count) {
    if (count < 0) {
      return s.replace(old, with);
    }
    StringBuilder b = new StringBuilder();
    int from = 0;
    int done = 0;
    int at;
    while (done < count && !old.isEmpty() && (at = s.indexOf(old, from)) >= 0) {
      b.append(s, from, at).append(with);
      from = at + old.length();
      done++;
    }
    return b.append(s.substring(from)).toString();
  }

  private static int count(String s, String sub) {
    if (sub.isEmpty()) {
      return s.length() + 1;
    }
    int n = 0;
    for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
      n++;
    }
    return n;
  }

  private static String join(String sep, Object items) {
    List<String> parts = new ArrayList<>();
    if (items instanceof Iterable<?> it) {
      it.forEach(o -> parts.add(str(o)));
    } else {
      parts.add(str(items));
    }
    return String.join(sep, parts);
  }

  private static String title(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean previousCased = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
      previousCased = Character.isLetter(c);
    }
    return b.toString();
  }

  // Property access is not this resolver's business: jinjava's own resolvers answer it.
  @Override
  public Class<?> getCommonPropertyType(ELContext context, Object base) {
    return null;
  }

  @Override
  public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
    return null;
  }

  @Override
  public Class<?> getType(ELContext context, Object base, Object property) {
    return null;
  }

  @Override
  public Object getValue(ELContext context, Object base, Object property) {
    return null;
  }

  @Override
  public boolean isReadOnly(ELContext context, Object base, Object property) {
    return true;
  }

  @Override
  public void setValue(ELContext context, Object base, Object property, Object value) {}
}

package org.blendstream.rank;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Words as the training-free signals count them: maximal runs of letters and numbers ({@code \p{L}\p{N}}),
 * lowercased. A hand-written scan rather than a regex, because a candidate can be a megabyte of junk and the signals
 * run on every set.
 */
final class WordTokens {

  private WordTokens() {}

  /** How many words the text has, without building them. */
  static int count(String text) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      boolean part = isWordPart(cp);
      if (part && !inWord) {
        words++;
      }
      inWord = part;
      i += Character.charCount(cp);
    }
    return words;
  }

  /** Calls {@code sink} with each lowercased word, in text order. */
  static void forEach(String text, Consumer<String> sink) {
    int start = -1;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (isWordPart(cp)) {
        if (start < 0) {
          start = i;
        }
      } else if (start >= 0) {
        sink.accept(text.substring(start, i).toLowerCase(Locale.ROOT));
        start = -1;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      sink.accept(text.substring(start).toLowerCase(Locale.ROOT));
    }
  }

  static boolean isWordPart(int cp) {
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
           Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
           Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
      default -> false;
    };
  }
}

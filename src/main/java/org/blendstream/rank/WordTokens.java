package org.blendstream.rank;

import java.util.Locale;

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

  /**
   * The text's words as ids of {@code vocabulary}, in text order: no string is built for a word the vocabulary
   * already holds, which is most of them.
   */
  static int[] ids(String text, Vocabulary vocabulary) {
    String lower = text.toLowerCase(Locale.ROOT);
    int[] out = new int[16];
    int size = 0;
    int start = -1;
    for (int i = 0; i <= lower.length(); ) {
      int cp = i < lower.length() ? lower.codePointAt(i) : ' ';
      if (isWordPart(cp)) {
        if (start < 0) {
          start = i;
        }
      } else if (start >= 0) {
        if (size == out.length) {
          out = java.util.Arrays.copyOf(out, size * 2);
        }
        out[size++] = vocabulary.id(lower, start, i);
        start = -1;
      }
      i += i < lower.length() ? Character.charCount(cp) : 1;
    }
    return java.util.Arrays.copyOf(out, size);
  }

  /** Distinct words of one set, numbered from 0 in order of first sight; an open-addressing table over char ranges. */
  static final class Vocabulary {
    private String[] words = new String[1024];
    private int[] slots = filled(2048);
    private int size;

    int id(String text, int from, int to) {
      int hash = 0;
      for (int k = from; k < to; k++) {
        hash = 31 * hash + text.charAt(k);
      }
      int mask = slots.length - 1;
      for (int slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
        int id = slots[slot];
        if (id < 0) {
          return add(text.substring(from, to), slot);
        }
        String w = words[id];
        if (w.length() == to - from && w.regionMatches(0, text, from, to - from)) {
          return id;
        }
      }
    }

    int size() {
      return size;
    }

    private int add(String word, int slot) {
      if (size == words.length) {
        words = java.util.Arrays.copyOf(words, size * 2);
      }
      words[size] = word;
      slots[slot] = size;
      size++;
      if (2 * size > slots.length) {
        int[] bigger = filled(slots.length * 2);
        int mask = bigger.length - 1;
        for (int id = 0; id < size; id++) {
          int at = mix(words[id].hashCode()) & mask;
          while (bigger[at] >= 0) {
            at = (at + 1) & mask;
          }
          bigger[at] = id;
        }
        slots = bigger;
      }
      return size - 1;
    }

    private static int mix(int h) {
      return h ^ (h >>> 16) ^ (h >>> 7);
    }

    private static int[] filled(int n) {
      int[] a = new int[n];
      java.util.Arrays.fill(a, -1);
      return a;
    }
  }

  static boolean isWordPart(int cp) {
    if (cp < 128) {
      return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    }
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
           Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
           Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
      default -> false;
    };
  }
}

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
    int n = lower.length();
    int[] out = new int[16];
    int size = 0;
    int start = -1;
    int hash = 0;
    // The word's hash is built during the scan, so that the vocabulary reads each character once more at most.
    for (int i = 0; i <= n; ) {
      char c = i < n ? lower.charAt(i) : ' ';
      int cp = Character.isSurrogate(c) ? lower.codePointAt(i) : c;
      int width = Character.charCount(cp);
      if (isWordPart(cp)) {
        if (start < 0) {
          start = i;
          hash = 0;
        }
        hash = 31 * hash + c;
        if (width == 2) {
          hash = 31 * hash + lower.charAt(i + 1);
        }
      } else if (start >= 0) {
        if (size == out.length) {
          out = java.util.Arrays.copyOf(out, size * 2);
        }
        out[size++] = vocabulary.id(lower, start, i, hash);
        start = -1;
      }
      i += width;
    }
    return java.util.Arrays.copyOf(out, size);
  }

  /**
   * Distinct words of one set, numbered from 0 in order of first sight: an open-addressing table over char ranges.
   * The words' characters sit in one array, not in a String each, so a lookup touches memory that is already close.
   */
  static final class Vocabulary {
    private char[] chars = new char[8192];
    private int used;
    private int[] offsets = new int[1024];
    private int[] lengths = new int[1024];
    private int[] hashes = new int[1024];
    private int[] slots = filled(2048);
    private int size;

    /** {@code hash} is {@link String#hashCode} of the range. */
    int id(String text, int from, int to, int hash) {
      int mask = slots.length - 1;
      int length = to - from;
      for (int slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
        int id = slots[slot];
        if (id < 0) {
          return add(text, from, length, hash, slot);
        }
        if (hashes[id] == hash && lengths[id] == length && same(text, from, offsets[id], length)) {
          return id;
        }
      }
    }

    int size() {
      return size;
    }

    private boolean same(String text, int from, int offset, int length) {
      for (int k = 0; k < length; k++) {
        if (chars[offset + k] != text.charAt(from + k)) {
          return false;
        }
      }
      return true;
    }

    private int add(String text, int from, int length, int hash, int slot) {
      if (size == offsets.length) {
        offsets = java.util.Arrays.copyOf(offsets, size * 2);
        lengths = java.util.Arrays.copyOf(lengths, size * 2);
        hashes = java.util.Arrays.copyOf(hashes, size * 2);
      }
      if (used + length > chars.length) {
        chars = java.util.Arrays.copyOf(chars, Math.max(chars.length * 2, used + length));
      }
      text.getChars(from, from + length, chars, used);
      offsets[size] = used;
      lengths[size] = length;
      hashes[size] = hash;
      used += length;
      slots[slot] = size;
      size++;
      if (2 * size > slots.length) {
        int[] bigger = filled(slots.length * 2);
        int biggerMask = bigger.length - 1;
        for (int id = 0; id < size; id++) {
          int at = mix(hashes[id]) & biggerMask;
          while (bigger[at] >= 0) {
            at = (at + 1) & biggerMask;
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

package org.blendstream.rank;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Words as the training-free signals count them: maximal runs of letters and numbers ({@code
 * \p{L}\p{N}}), lowercased. A hand-written scan rather than a regex, because a candidate can be a
 * megabyte of junk and the signals run on every set.
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
   * The text's words as ids of {@code vocabulary}, in text order, with their number as {@link
   * #count} gives it. No string is built for a word the vocabulary already holds, which is most of
   * them. ASCII text, most answers, is lowercased as it is scanned and its words counted by the
   * same pass; any other text is lowercased whole first, as {@link String#toLowerCase} may change
   * its length or its word boundaries (a dotted capital I, a final sigma), and counted as written.
   */
  static Words words(String text, Vocabulary vocabulary) {
    // The JDK encodes ASCII to UTF-8 as a plain copy, and a byte array scans faster than charAt;
    // a text whose every char took one byte is ASCII, but for a lone surrogate, which became '?'
    // and is not part of a word either way.
    byte[] ascii = text.getBytes(StandardCharsets.UTF_8);
    if (ascii.length == text.length()) {
      int[] ids = scanAscii(ascii, vocabulary);
      return new Words(ids, ids.length);
    }
    return new Words(scan(text.toLowerCase(Locale.ROOT), vocabulary), count(text));
  }

  /** An ASCII char's lowercase if it is part of a word, else 0. */
  private static final char[] ASCII_WORD_CHAR = new char[128];

  static {
    for (char c = 0; c < 128; c++) {
      if (isWordPart(c)) {
        ASCII_WORD_CHAR[c] = Character.toLowerCase(c);
      }
    }
  }

  /** {@link #scan} for ASCII bytes: one table lookup a byte. */
  private static int[] scanAscii(byte[] text, Vocabulary vocabulary) {
    int n = text.length;
    int[] out = new int[16];
    int size = 0;
    char[] word = vocabulary.word;
    int i = 0;
    while (true) {
      while (i < n && ASCII_WORD_CHAR[text[i]] == 0) {
        i++;
      }
      if (i == n) {
        return java.util.Arrays.copyOf(out, size);
      }
      int length = 0;
      int hash = 0;
      char c;
      while (i < n && (c = ASCII_WORD_CHAR[text[i]]) != 0) {
        if (length == word.length) {
          word = vocabulary.word = java.util.Arrays.copyOf(word, word.length * 2);
        }
        word[length++] = c;
        hash = 31 * hash + c;
        i++;
      }
      if (size == out.length) {
        out = java.util.Arrays.copyOf(out, size * 2);
      }
      out[size++] = vocabulary.id(word, length, hash);
    }
  }

  /** A text's word ids in text order, and its number of words as written. */
  record Words(int[] ids, int count) {}

  /**
   * Ids of the words of {@code text}, ASCII letters lowercased on the way. The word's hash is built
   * during the scan, so that the vocabulary reads each character once more at most.
   */
  private static int[] scan(String text, Vocabulary vocabulary) {
    int n = text.length();
    int[] out = new int[16];
    int size = 0;
    char[] word = vocabulary.word;
    int length = 0;
    int hash = 0;
    for (int i = 0; i <= n; ) {
      char c = i < n ? text.charAt(i) : ' ';
      int width = 1;
      boolean part;
      if (c < 128) {
        part = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (c >= 'A' && c <= 'Z') {
          c += 'a' - 'A';
          part = true;
        }
      } else {
        int cp = Character.isSurrogate(c) ? text.codePointAt(i) : c;
        width = Character.charCount(cp);
        part = isWordPart(cp);
      }
      if (part) {
        if (length + 2 > word.length) {
          word = vocabulary.word = java.util.Arrays.copyOf(word, word.length * 2);
        }
        word[length++] = c;
        hash = 31 * hash + c;
        if (width == 2) {
          char low = text.charAt(i + 1);
          word[length++] = low;
          hash = 31 * hash + low;
        }
      } else if (length > 0) {
        if (size == out.length) {
          out = java.util.Arrays.copyOf(out, size * 2);
        }
        out[size++] = vocabulary.id(word, length, hash);
        length = 0;
        hash = 0;
      }
      i += width;
    }
    return java.util.Arrays.copyOf(out, size);
  }

  /**
   * Distinct words of one set, numbered from 0 in order of first sight: an open-addressing table
   * over char ranges. The words' characters sit in one array, not in a String each, so a lookup
   * touches memory that is already close.
   */
  static final class Vocabulary {
    /** The word being scanned, lowercased. */
    private char[] word = new char[64];

    private char[] chars = new char[8192];
    private int used;
    private int[] offsets = new int[1024];
    private int[] lengths = new int[1024];
    private int[] hashes = new int[1024];
    private int[] slots = filled(2048);
    private int size;

    /** {@code hash} is {@link String#hashCode} of the word's first {@code length} chars. */
    int id(char[] word, int length, int hash) {
      int mask = slots.length - 1;
      for (int slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
        int id = slots[slot];
        if (id < 0) {
          return add(word, length, hash, slot);
        }
        if (hashes[id] == hash
            && lengths[id] == length
            && java.util.Arrays.equals(chars, offsets[id], offsets[id] + length, word, 0, length)) {
          return id;
        }
      }
    }

    int size() {
      return size;
    }

    private int add(char[] word, int length, int hash, int slot) {
      if (size == offsets.length) {
        offsets = java.util.Arrays.copyOf(offsets, size * 2);
        lengths = java.util.Arrays.copyOf(lengths, size * 2);
        hashes = java.util.Arrays.copyOf(hashes, size * 2);
      }
      if (used + length > chars.length) {
        chars = java.util.Arrays.copyOf(chars, Math.max(chars.length * 2, used + length));
      }
      System.arraycopy(word, 0, chars, used, length);
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
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER ->
          true;
      default -> false;
    };
  }
}

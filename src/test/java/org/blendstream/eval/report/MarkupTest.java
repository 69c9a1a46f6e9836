package org.blendstream.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MarkupTest {

  @Test
  void escapesMarkupAndReplacesWhatXmlCannotCarryButKeepsSurrogatePairs() {
    assertEquals("a&lt;b&gt;&amp;&quot;&#39;", Markup.esc("a<b>&\"'"));
    assertEquals("tab\tnl\n\uFFFD\uFFFD", Markup.esc("tab\tnl\n\u0000\u001b"));
    assertEquals("emoji \uD83D\uDE00 ok", Markup.esc("emoji \uD83D\uDE00 ok"));
    assertEquals("lone \uFFFD and \uFFFD", Markup.esc("lone \uD83D and \uDE00"));
    assertEquals("\uFFFD", Markup.esc("\uFFFE"));
    assertEquals("", Markup.esc(null));
  }

  @Test
  void shortenCountsCodePointsAndFoldsWhitespace() {
    assertEquals("one two", Markup.shorten("  one\n\n two ", 10));
    assertEquals(
        "\uD83D\uDE00\uD83D\uDE00…", Markup.shorten("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", 2));
    assertEquals("abc", Markup.shorten("abc", 3));
  }
}

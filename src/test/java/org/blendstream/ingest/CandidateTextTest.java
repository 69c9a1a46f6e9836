package org.blendstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.blendstream.avro.Candidate;
import org.junit.jupiter.api.Test;

class CandidateTextTest {

  private static Candidate candidate(String model, String text) {
    return Candidate.newBuilder()
        .setRequestId("r1")
        .setModel(model)
        .setText(text)
        .setCreatedAt(0L)
        .setMetadata(Map.of("producer", "p"))
        .build();
  }

  @Test
  void textWithinTheLimitIsLeftAsItIs() {
    Candidate c = candidate("a", "abcd");
    assertSame(c, CandidateText.truncate(c, 4));
    assertEquals(List.of(), CandidateText.truncatedModels(List.of(c)));
  }

  @Test
  void longerTextKeepsItsFirstCharactersAndRecordsItsOriginalLength() {
    Candidate cut = CandidateText.truncate(candidate("a", "abcdefgh"), 5);
    assertEquals("abcde", cut.getText());
    assertEquals("8", cut.getMetadata().get(CandidateText.TRUNCATED_FROM_CHARS));
    assertEquals("p", cut.getMetadata().get("producer"), "the producer's metadata is kept");
    assertEquals(List.of("a"), CandidateText.truncatedModels(List.of(candidate("b", "x"), cut)));
  }

  @Test
  void cutNeverSplitsASurrogatePair() {
    String text = "ab\uD83D\uDE00cd"; // an emoji at chars 2..3
    Candidate cut = CandidateText.truncate(candidate("a", text), 3);
    assertEquals("ab", cut.getText());
    assertTrue(cut.getText().codePoints().allMatch(Character::isValidCodePoint));
  }
}

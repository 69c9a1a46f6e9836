package org.blendstream.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.avro.Candidate;

/**
 * Bounds a candidate's text at ingest. The cut candidate records its original length in its
 * metadata, so the set can say which models were cut and a reader can find the full text in the
 * input topic.
 */
public final class CandidateText {

  /** Metadata key holding the text's length in characters before it was cut. */
  public static final String TRUNCATED_FROM_CHARS = "blendstream.truncated_from_chars";

  private CandidateText() {}

  /**
   * The candidate itself when its text fits, else a copy whose text keeps the first {@code
   * maxChars} characters.
   */
  public static Candidate truncate(Candidate candidate, int maxChars) {
    String text = candidate.getText();
    if (text == null || text.length() <= maxChars) {
      return candidate;
    }
    // Never split a surrogate pair: half of one is not a character and would not encode as UTF-8.
    int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
    Map<String, String> metadata = new HashMap<>(candidate.getMetadata());
    metadata.put(TRUNCATED_FROM_CHARS, Integer.toString(text.length()));
    return Candidate.newBuilder(candidate)
        .setText(text.substring(0, end))
        .setMetadata(metadata)
        .build();
  }

  /** The models whose text was cut at ingest, in the candidates' order. */
  public static List<String> truncatedModels(List<Candidate> candidates) {
    return candidates.stream()
        .filter(c -> c.getMetadata().containsKey(TRUNCATED_FROM_CHARS))
        .map(Candidate::getModel)
        .toList();
  }
}

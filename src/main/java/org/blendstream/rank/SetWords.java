package org.blendstream.rank;

import java.util.List;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;

/**
 * The words of one set's answers, as ids of one vocabulary, scanned once for every {@link
 * WordSignal} of a ranker: the ensemble's length and consensus used to scan each answer twice.
 */
final class SetWords {

  private final WordTokens.Words[] words;
  private final int vocabularySize;

  private SetWords(List<String> texts) {
    WordTokens.Vocabulary vocabulary = new WordTokens.Vocabulary();
    words = new WordTokens.Words[texts.size()];
    for (int i = 0; i < words.length; i++) {
      words[i] = WordTokens.words(texts.get(i), vocabulary);
    }
    vocabularySize = vocabulary.size();
  }

  static SetWords of(CandidateSet set) {
    return new SetWords(set.getCandidates().stream().map(Candidate::getText).toList());
  }

  static SetWords of(List<String> texts) {
    return new SetWords(texts);
  }

  int size() {
    return words.length;
  }

  /** Answer i's word ids, in text order; ids run from 0 to {@link #vocabularySize()}, exclusive. */
  int[] ids(int i) {
    return words[i].ids();
  }

  /** Answer i's words as {@link WordTokens#count} counts them. */
  int count(int i) {
    return words[i].count();
  }

  int vocabularySize() {
    return vocabularySize;
  }
}

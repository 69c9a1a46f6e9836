package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.blendstream.avro.CandidateSet;
import org.blendstream.eval.JudgedDataset;
import org.junit.jupiter.api.Test;

/**
 * The word signals and the ensemble score every set of the bundled sample exactly as a plain
 * reading of their definitions does: words are maximal runs of letters and numbers of the
 * lowercased text, length counts the runs of the text as written, consensus is the mean ROUGE-1 F1
 * over maps of words to counts. The fast scan takes shortcuts (one pass for both signals, ASCII
 * lowercased in place); this pins that they change no score, not even in the last bit.
 */
class WordSignalsParityTest {

  /**
   * Non-ASCII text that lowercasing reshapes: a dotted capital I becomes two chars, a final sigma
   * depends on context.
   */
  private static final List<String> AWKWARD =
      List.of(
          "\u0130STANBUL \u0130z",
          "\u03a3\u039f\u03a6\u039f\u03a3 \u03c3\u03bf\u03c6\u03bf\u03c2",
          "Stra\u00dfe STRASSE",
          "\ud835\udc00\ud835\udc01 emoji \ud83d\ude00 x",
          "MiXeD Case, ascii ONLY 42",
          "lone \ud800surrogates\udc00 Split ASCII?words",
          "");

  @Test
  void everySetOfTheBundledSampleScoresExactlyAsTheDefinitions() {
    List<CandidateSet> sets = new ArrayList<>();
    for (JudgedDataset.Item item : JudgedDataset.bundledSample()) {
      sets.add(
          TestSets.byModels(
              item.instruction(),
              item.candidates().stream().map(JudgedDataset.Judged::model).toList(),
              item.candidates().stream().map(JudgedDataset.Judged::text).toList()));
    }
    sets.add(TestSets.set("q", null, AWKWARD));
    ModelPrior prior = ModelPrior.shipped();
    EnsembleRanker ensemble =
        new EnsembleRanker(
            EnsembleWeights.shipped(),
            Map.of(
                BoundedLength.NAME,
                new BoundedLength(),
                LexicalConsensus.NAME,
                new LexicalConsensus(),
                PriorSignal.NAME,
                prior));
    int checked = 0;
    for (CandidateSet set : sets) {
      List<String> answers = set.getCandidates().stream().map(c -> c.getText()).toList();
      double[] length =
          answers.stream().mapToDouble(a -> BoundedLength.of(words(a, false).size())).toArray();
      double[] consensus = consensus(answers);
      assertArrayEquals(length, new BoundedLength().score(set), 0.0, answers.toString());
      assertArrayEquals(consensus, new LexicalConsensus().score(set), 0.0, answers.toString());
      double[] expected = new double[answers.size()];
      double[][] terms = {
        EnsembleRanker.standardized(length),
        EnsembleRanker.standardized(consensus),
        prior.score(set)
      };
      for (int k = 0; k < 3; k++) {
        EnsembleWeights.Term term = EnsembleWeights.shipped().terms().get(k);
        for (int i = 0; i < expected.length; i++) {
          expected[i] += term.weight() * terms[k][i];
        }
      }
      assertArrayEquals(expected, ensemble.scores(set), 0.0, answers.toString());
      if (answers.size() >= 2) {
        assertEquals(
            consensus(answers.subList(0, 2))[0],
            LexicalConsensus.rouge1(answers.get(0), answers.get(1)),
            0.0);
      }
      checked++;
    }
    assertEquals(sets.size(), checked);
  }

  private static double[] consensus(List<String> answers) {
    int n = answers.size();
    List<Map<String, Integer>> bags =
        answers.stream()
            .map(
                a -> {
                  Map<String, Integer> bag = new HashMap<>();
                  words(a, true).forEach(w -> bag.merge(w, 1, Integer::sum));
                  return bag;
                })
            .toList();
    long[] lengths = answers.stream().mapToLong(a -> words(a, true).size()).toArray();
    double[] sum = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        long overlap = 0;
        for (Map.Entry<String, Integer> e : bags.get(i).entrySet()) {
          overlap += Math.min(e.getValue(), bags.get(j).getOrDefault(e.getKey(), 0));
        }
        double f =
            lengths[i] == 0 || lengths[j] == 0 ? 0 : 2.0 * overlap / (lengths[i] + lengths[j]);
        sum[i] += f;
        sum[j] += f;
      }
    }
    double[] out = new double[n];
    for (int i = 0; i < n && n > 1; i++) {
      out[i] = sum[i] / (n - 1);
    }
    return out;
  }

  private static List<String> words(String text, boolean lowercased) {
    String t = lowercased ? text.toLowerCase(Locale.ROOT) : text;
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    t.codePoints()
        .forEach(
            cp -> {
              if (WordTokens.isWordPart(cp)) {
                word.appendCodePoint(cp);
              } else if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
              }
            });
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words;
  }
}

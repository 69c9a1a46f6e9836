package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.blendstream.BlendConfig;
import org.blendstream.SharedSupplier;
import org.blendstream.avro.CandidateSet;
import org.junit.jupiter.api.Test;

class SignalRankerTest {

  @Test
  void ranksByTheSignalBestFirstWithAnEmptyMatrix() {
    CandidateSet set =
        TestSets.set("q", null, List.of("short", "a much longer answer here", "mid length one"));
    Ranking r = new SignalRanker(new BoundedLength(), "1").rank(set);
    assertEquals(List.of(1, 2, 0), java.util.Arrays.stream(r.order()).boxed().toList());
    assertEquals(0, r.comparedPairs());
    assertTrue(r.fullRanking());
  }

  @Test
  void aSignalGivingTheWrongNumberOfScoresFails() {
    CandidateSignal broken =
        new CandidateSignal() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public double[] score(CandidateSet set) {
            return new double[1];
          }
        };
    assertThrows(
        IllegalStateException.class,
        () -> new SignalRanker(broken, "1").rank(TestSets.set("q", null, TestSets.answers(2))));
  }

  @Test
  void everySignalIsARankerNameOfTheConfig() {
    assertTrue(
        Rankers.names()
            .containsAll(
                List.of(
                    LexicalConsensus.NAME,
                    EmbeddingConsensus.NAME,
                    BoundedLength.NAME,
                    PriorSignal.NAME)));
    for (String name : List.of(LexicalConsensus.NAME, BoundedLength.NAME)) {
      try (SharedSupplier<Ranker> rankers =
              Rankers.supplier(new BlendConfig(Map.of(BlendConfig.RANKER, name)));
          Ranker r = rankers.get()) {
        assertEquals(name, r.info().getName());
        assertEquals(3, r.rank(TestSets.set("q", null, TestSets.answers(3))).scores().length);
      }
    }
  }
}

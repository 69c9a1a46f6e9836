package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.blendstream.model.SentenceEncoder;
import org.junit.jupiter.api.Test;

class EmbeddingConsensusTest {

  /** Unit vectors looked up by text, counting the texts it is asked to embed. */
  private static final class FixedEncoder implements SentenceEncoder {
    final Map<String, float[]> vectors;
    final List<Integer> calls = new ArrayList<>();

    FixedEncoder(Map<String, float[]> vectors) {
      this.vectors = vectors;
    }

    @Override
    public float[][] embed(List<String> texts) {
      calls.add(texts.size());
      return texts.stream().map(vectors::get).toArray(float[][]::new);
    }

    @Override
    public String version() {
      return "fixed";
    }
  }

  private static final float R = (float) Math.sqrt(0.5);

  @Test
  void scoresAreMeanCosinesToTheOtherCandidatesFromOneEncodeOfTheSet() {
    FixedEncoder encoder =
        new FixedEncoder(
            Map.of(
                "a",
                new float[] {1, 0},
                "b",
                new float[] {R, R},
                "c",
                new float[] {0, 1},
                "d",
                new float[] {-1, 0}));
    double[] s =
        new EmbeddingConsensus(encoder).score(TestSets.set("q", null, List.of("a", "b", "c", "d")));
    assertArrayEquals(
        new double[] {(R + 0 - 1) / 3.0, (R + R - R) / 3.0, (0 + R + 0) / 3.0, (-1 - R + 0) / 3.0},
        s,
        1e-6);
    assertEquals(List.of(4), encoder.calls);
    assertEquals(
        1,
        new SignalRanker(new EmbeddingConsensus(encoder), "x")
            .rank(TestSets.set("q", null, List.of("a", "b", "c", "d")))
            .best());
  }

  @Test
  void aSetOfOneScoresZeroWithoutEncoding() {
    FixedEncoder encoder = new FixedEncoder(Map.of());
    assertArrayEquals(
        new double[] {0},
        new EmbeddingConsensus(encoder).score(TestSets.set("q", null, List.of("alone"))));
    assertEquals(List.of(), encoder.calls);
  }
}

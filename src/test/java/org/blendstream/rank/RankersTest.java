package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.blendstream.BlendConfig;
import org.junit.jupiter.api.Test;

class RankersTest {

  @Test
  void autoRanksWithTheShippedEnsembleUnlessAPairRankerDirectoryIsConfigured() {
    assertEquals(EnsembleRanker.NAME, Rankers.resolve(new BlendConfig(Map.of())));
    assertEquals(
        Rankers.PAIRRANKER,
        Rankers.resolve(new BlendConfig(Map.of(BlendConfig.RANKER_MODEL_DIR, "/m"))));
    assertEquals(
        LongestRanker.NAME,
        Rankers.resolve(new BlendConfig(Map.of(BlendConfig.RANKER, "longest"))));
  }
}

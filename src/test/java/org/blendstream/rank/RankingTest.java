package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RankingTest {

  private static Ranking ranking(Double[][] matrix) {
    return Ranking.byScores(List.of("a", "b", "c"), matrix, new double[] {0, 0, 0}, false, null);
  }

  @Test
  void comparedPairsCountsFilledOffDiagonalCellsButNotTheDiagonal() {
    Double[][] matrix = Ranking.emptyMatrix(3);
    matrix[0][1] = 1.5;
    matrix[1][0] = -0.5;
    matrix[2][0] = 0.0;

    assertEquals(3, ranking(matrix).comparedPairs());
  }

  @Test
  void aBaselineWithoutScoredPairsComparedNone() {
    assertEquals(0, ranking(Ranking.emptyMatrix(3)).comparedPairs());
    assertEquals(0, ranking(new Double[3][3]).comparedPairs());
  }
}

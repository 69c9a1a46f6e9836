package org.blendstream.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.blendstream.avro.BlendMode;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.RankedModel;
import org.blendstream.avro.RankerInfo;
import org.blendstream.avro.Timings;
import org.junit.jupiter.api.Test;

class BlendedResponseViewTest {

  static BlendedResponse answer(
      String id, RankerInfo ranker, double topScore, List<String> missing) {
    return BlendedResponse.newBuilder()
        .setRequestId(id)
        .setText("The answer\nof " + id)
        .setMode(BlendMode.SELECTED)
        .setSelectedModel("m1")
        .setRanked(List.of(new RankedModel("m1", topScore, 1), new RankedModel("m2", 0.0004, 2)))
        .setRanker(ranker)
        .setTimings(new Timings(12L, 34L, null))
        .setComplete(missing.isEmpty())
        .setMissingModels(missing)
        .build();
  }

  @Test
  void scoresHaveFixedDecimalsWhateverTheirMagnitude() {
    String text =
        BlendedResponseView.toText(
            answer(
                "r1",
                RankerInfo.newBuilder().setName("longest").setVersion("1").build(),
                1304,
                List.of()));
    assertTrue(text.contains("1.m1=1304.000  2.m2=0.000"), text);
    assertFalse(text.contains("e+"), text);
  }

  @Test
  void aModelVersionThatNamesTheRankerIsShownOnceWithItsAggregation() {
    RankerInfo builtin =
        RankerInfo.newBuilder()
            .setName("builtin")
            .setVersion("builtin-minilm-pairranker-v4")
            .setAggregation("bubble")
            .build();
    String text = BlendedResponseView.toText(answer("r2", builtin, 1.5, List.of("m3")));
    assertTrue(
        text.contains(
            "ranker builtin-minilm-pairranker-v4 (bubble), assembly 12 ms, ranking 34 ms"),
        text);
    assertTrue(text.contains("complete=false, missing m3"), text);
    assertTrue(text.contains("answer: The answer of r2"), "whitespace folded: " + text);
  }

  @Test
  void aNumericVersionReadsAsAVersionAfterTheName() {
    assertEquals(
        "longest v1",
        BlendedResponseView.rankerLabel(
            RankerInfo.newBuilder().setName("longest").setVersion("1").build()));
    assertEquals(
        "pairranker pairrm-2023",
        BlendedResponseView.rankerLabel(
            RankerInfo.newBuilder().setName("pairranker").setVersion("pairrm-2023").build()));
  }

  @Test
  void jsonKeepsNameAndVersionApart() {
    Map<String, Object> m =
        BlendedResponseView.toMap(
            answer(
                "r3",
                RankerInfo.newBuilder()
                    .setName("builtin")
                    .setVersion("builtin-minilm-pairranker-v4")
                    .build(),
                2,
                List.of()));
    assertEquals("builtin", m.get("ranker"));
    assertEquals("builtin-minilm-pairranker-v4", m.get("ranker_version"));
  }
}

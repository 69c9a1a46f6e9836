package org.blendstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void aReplayVersionNamesItsOwnTopicsBesideTheLiveOnes() {
    Topics.Replay r = new Topics("blend").replay("builtin-minilm-pairranker-v4");
    assertEquals(
        List.of(
            "blend.blended.replay.builtin-minilm-pairranker-v4",
            "blend.rankings.replay.builtin-minilm-pairranker-v4",
            "blend.dlq.replay.builtin-minilm-pairranker-v4"),
        r.all());
  }

  @Test
  void charactersATopicNameCannotHoldBecomeDashes() {
    assertEquals("longest-v1", Topics.replayVersion("longest v1"));
    assertEquals("ens-2026.11_a", Topics.replayVersion(" ens/2026.11_a! "));
  }

  @Test
  void aVersionWithNothingToNameIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Topics.replayVersion("  //  "));
    assertThrows(IllegalArgumentException.class, () -> Topics.replayVersion(".."));
    assertThrows(
        IllegalArgumentException.class,
        () -> Topics.replayVersion("v".repeat(Topics.MAX_REPLAY_VERSION + 1)));
    assertEquals(
        Topics.MAX_REPLAY_VERSION,
        Topics.replayVersion("v".repeat(Topics.MAX_REPLAY_VERSION)).length());
  }
}

package org.blendstream.assemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InputFrontierTest {

  private static final TopicPartition REQUESTS_0 = new TopicPartition("blend.requests", 0);
  private static final TopicPartition M1_0 = new TopicPartition("blend.candidates.m1", 0);
  private static final TopicPartition M1_1 = new TopicPartition("blend.candidates.m1", 1);

  @Test
  void readUpToIsTheLatestProbeWhoseEndOffsetsTheCommittedOffsetsReached() {
    InputFrontier f = new InputFrontier();
    f.observe(100, Map.of(M1_0, 10L), Map.of(M1_0, 4L), Set.of());
    assertEquals(Long.MIN_VALUE, f.readUpTo(0), "records written by 100 are still unread");
    f.observe(200, Map.of(M1_0, 12L), Map.of(M1_0, 10L), Set.of());
    assertEquals(100, f.readUpTo(0), "everything held at 100 is read, not yet what came by 200");
    f.observe(300, Map.of(M1_0, 12L), Map.of(M1_0, 12L), Set.of());
    assertEquals(300, f.readUpTo(0));
  }

  @Test
  void aTaskIsAsFarAsItsSlowestPartition() {
    InputFrontier f = new InputFrontier();
    f.observe(
        100,
        Map.of(REQUESTS_0, 5L, M1_0, 5L, M1_1, 9L),
        Map.of(REQUESTS_0, 5L, M1_0, 3L, M1_1, 9L),
        Set.of());
    assertEquals(Long.MIN_VALUE, f.readUpTo(0), "m1-0 has a backlog");
    assertEquals(100, f.readUpTo(1), "another task's partition does not hold this one");
    f.observe(
        200,
        Map.of(REQUESTS_0, 5L, M1_0, 5L, M1_1, 9L),
        Map.of(REQUESTS_0, 5L, M1_0, 5L, M1_1, 9L),
        Set.of());
    assertEquals(200, f.readUpTo(0));
  }

  @Test
  void aNeverCommittedPartitionCountsAsUnreadUnlessItIsEmpty() {
    InputFrontier f = new InputFrontier();
    f.observe(100, Map.of(REQUESTS_0, 0L, M1_0, 2L), Map.of(), Set.of());
    assertEquals(Long.MIN_VALUE, f.readUpTo(0));
    f.observe(200, Map.of(REQUESTS_0, 0L), Map.of(), Set.of());
    assertEquals(
        200,
        f.readUpTo(0),
        "m1 is no longer read, and the empty requests partition needs no commit");
  }

  @Test
  void sharedTopicsHoldEveryTask() {
    InputFrontier f = new InputFrontier();
    // With ingest.rekey, every source partition feeds every task through the repartition topic.
    TopicPartition rekeyed1 = new TopicPartition("app-assemble-rekeyed-candidates-repartition", 1);
    f.observe(
        100,
        Map.of(M1_0, 8L, rekeyed1, 3L),
        Map.of(M1_0, 2L, rekeyed1, 3L),
        Set.of("blend.candidates.m1"));
    assertEquals(
        Long.MIN_VALUE,
        f.readUpTo(1),
        "source partition 0 still holds records that may belong to task 1");
  }
}

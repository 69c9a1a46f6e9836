package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;

/**
 * Which transactions count as an absent instance's: the parsing that decides what may be fenced.
 */
class OrphanedTransactionsTest {

  private static final String A = "0b2f6c3e-1d4a-4e5f-9a8b-7c6d5e4f3a2b";
  private static final String B = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";

  @Test
  void readsTheProcessIdOfAStreamsTransactionalIdOfThisAppOnly() {
    assertEquals(
        Optional.of(A), OrphanedTransactions.processId("bs-blend", "bs-blend-" + A + "-1"));
    assertEquals(
        Optional.of(A), OrphanedTransactions.processId("bs-blend", "bs-blend-" + A + "-12"));
    // Another app whose id starts with this one's is not this one's.
    assertEquals(Optional.empty(), OrphanedTransactions.processId("bs", "bs-blend-" + A + "-1"));
    assertEquals(
        Optional.empty(), OrphanedTransactions.processId("bs-blend", "bs-assemble-" + A + "-1"));
    assertEquals(
        Optional.empty(), OrphanedTransactions.processId("bs-blend", "someone-elses-producer"));
  }

  @Test
  void aStableGroupNamesTheProcessIdsOfItsStreamThreads() {
    ConsumerGroupDescription group =
        group(
            GroupState.STABLE,
            "bs-blend-" + A + "-StreamThread-1-consumer",
            "bs-blend-" + A + "-StreamThread-2-consumer",
            "bs-blend-" + B + "-StreamThread-1-consumer");
    assertEquals(Optional.of(Set.of(A, B)), OrphanedTransactions.liveProcessIds("bs-blend", group));
    assertEquals(
        Optional.of(Set.of()),
        OrphanedTransactions.liveProcessIds("bs-blend", group(GroupState.EMPTY)));
  }

  @Test
  void aRebalancingGroupOrAMemberWithItsOwnClientIdLeavesEverythingAlone() {
    assertEquals(
        Optional.empty(),
        OrphanedTransactions.liveProcessIds(
            "bs-blend",
            group(GroupState.PREPARING_REBALANCE, "bs-blend-" + A + "-StreamThread-1-consumer")));
    assertEquals(
        Optional.empty(),
        OrphanedTransactions.liveProcessIds(
            "bs-blend",
            group(GroupState.COMPLETING_REBALANCE, "bs-blend-" + A + "-StreamThread-1-consumer")));
    // streams.client.id set: the member's id no longer carries its process id, so none can be told
    // absent.
    assertEquals(
        Optional.empty(),
        OrphanedTransactions.liveProcessIds(
            "bs-blend",
            group(
                GroupState.STABLE,
                "bs-blend-" + A + "-StreamThread-1-consumer",
                "my-client-StreamThread-1-consumer")));
  }

  private static ConsumerGroupDescription group(GroupState state, String... clientIds) {
    List<MemberDescription> members =
        java.util.Arrays.stream(clientIds)
            .map(
                c ->
                    new MemberDescription(
                        "m-" + c, c, "/127.0.0.1", new MemberAssignment(Set.of())))
            .toList();
    return new ConsumerGroupDescription(
        "bs-blend",
        false,
        members,
        "stream",
        GroupType.CLASSIC,
        state,
        Node.noNode(),
        Set.of(),
        Optional.empty(),
        Optional.empty());
  }
}

package org.blendstream.app;

import static org.blendstream.app.ProcessHarness.FAULT_AFTER_ANSWERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.Topics;
import org.blendstream.app.ProcessHarness.Ports;
import org.blendstream.app.ProcessHarness.Traffic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one application id share the partitions over one broker, each in its own JVM
 * with its own state dir; one is killed with kill -9 mid-stream and the other takes its partitions:
 * 1,000 answers, none twice, read under read_committed. That both did work before the kill is read
 * from the output partitions' producers: each instance's stream thread writes under its own
 * transactional id, {@code <application.id>-<process id>-<thread>}.
 */
@IntegrationTest
class ScaleOutTest {

  private static final int PARTITIONS = 4;
  private static final Topics TOPICS = new Topics("blend");
  private static final String ASSEMBLY_GROUP = "blendstream-" + BlendTopology.ASSEMBLY_APP;
  private static final String BLENDING_GROUP = "blendstream-" + BlendTopology.BLENDING_APP;

  private ProcessHarness run;

  @BeforeEach
  void startHarness() throws IOException {
    run = new ProcessHarness();
  }

  @AfterEach
  void cleanUp() throws IOException {
    run.close();
  }

  @Test
  void twoInstancesShareThePartitionsAndTheSurvivorOfAKillNineTakesTheRest() throws Exception {
    assertSurvivorTakesOver(
        List.of("--role", "all"), List.of("--role", "all"), "kill -9 one of two instances");
  }

  @Test
  void anAssembleInstanceFeedsTwoRankInstancesAndTheSurvivingRankerTakesOverFromAKilledOne()
      throws Exception {
    Ports ports = Ports.pick();
    run.startBroker(
        ports, "broker-1", Map.of(BlendConfig.TOPIC_PARTITIONS, String.valueOf(PARTITIONS)));
    Process assembler = start(ports, "assemble", "--role", "assemble");
    Process rankA = start(ports, "rank-a", "--role", "rank");
    Process rankB = start(ports, "rank-b", "--role", "rank");
    try (Admin admin = ProcessHarness.admin(ports.bootstrap())) {
      awaitMembers(admin, ASSEMBLY_GROUP, 1);
      awaitMembers(admin, BLENDING_GROUP, 2);
      assertEquals(
          1, run.logLines("blendstream running as role assemble"), "one instance assembles");
      assertEquals(2, run.logLines("blendstream running as role rank"), "two instances rank");
      try (Traffic traffic = run.traffic(ports.bootstrap(), ports.registryUrl())) {
        traffic.awaitAnswers(FAULT_AFTER_ANSWERS, Duration.ofSeconds(120));
        assertEquals(
            1,
            writers(admin, ASSEMBLY_GROUP, TOPICS.candidateSets()).size(),
            "one instance wrote sets");
        assertEquals(
            2,
            writers(admin, BLENDING_GROUP, TOPICS.blended()).size(),
            "both rank instances wrote answers");
        rankB.toHandle().destroyForcibly(); // SIGKILL
        traffic.killed();
        rankB.waitFor(30, TimeUnit.SECONDS);
        traffic.finishAndCheck("kill -9 one of two rank instances (1 assemble, 2 rank)");
      }
      assertOneMemberOwnsAll(admin, BLENDING_GROUP);
    }
    assertTrue(assembler.isAlive() && rankA.isAlive(), "the others still run");
  }

  private void assertSurvivorTakesOver(List<String> rolesA, List<String> rolesB, String fault)
      throws Exception {
    Ports ports = Ports.pick();
    run.startBroker(
        ports, "broker-1", Map.of(BlendConfig.TOPIC_PARTITIONS, String.valueOf(PARTITIONS)));
    Process a = start(ports, "instance-a", rolesA.toArray(String[]::new));
    Process b = start(ports, "instance-b", rolesB.toArray(String[]::new));
    try (Admin admin = ProcessHarness.admin(ports.bootstrap())) {
      // Both in both groups before any traffic: an empty state is caught up, so the assignor
      // balances at once.
      awaitMembers(admin, ASSEMBLY_GROUP, 2);
      awaitMembers(admin, BLENDING_GROUP, 2);
      try (Traffic traffic = run.traffic(ports.bootstrap(), ports.registryUrl())) {
        traffic.awaitAnswers(FAULT_AFTER_ANSWERS, Duration.ofSeconds(120));
        Set<String> assemblers = writers(admin, ASSEMBLY_GROUP, TOPICS.candidateSets());
        Set<String> blenders = writers(admin, BLENDING_GROUP, TOPICS.blended());
        System.out.printf(
            "before the kill: %d instances wrote candidate sets, %d wrote answers%n",
            assemblers.size(), blenders.size());
        assertEquals(
            2, assemblers.size(), "both instances assembled sets before the kill: " + assemblers);
        assertEquals(
            2, blenders.size(), "both instances blended answers before the kill: " + blenders);
        b.toHandle().destroyForcibly(); // SIGKILL
        traffic.killed();
        b.waitFor(30, TimeUnit.SECONDS);
        traffic.finishAndCheck(fault);
      }
      assertOneMemberOwnsAll(admin, ASSEMBLY_GROUP);
      assertOneMemberOwnsAll(admin, BLENDING_GROUP);
      System.out.printf(
          "orphaned transactions fenced: %d%n", run.logLines("aborted the open transactions of"));
    }
    assertTrue(a.isAlive(), "the survivor still runs");
  }

  private Process start(Ports ports, String name, String... extra)
      throws IOException, InterruptedException {
    List<String> args = new java.util.ArrayList<>(List.of(extra));
    args.addAll(List.of("-D", "topic.partitions=" + PARTITIONS));
    return run.startApp(
        run.clusterArgs(ports.bootstrap(), ports.registryUrl(), name, args.toArray(String[]::new)),
        name);
  }

  /**
   * The process ids of the app's instances whose transactions wrote to {@code topic}: its
   * partitions' producers, named by the transaction coordinator.
   */
  private static Set<String> writers(Admin admin, String app, String topic) throws Exception {
    TopicDescription d =
        admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
    List<TopicPartition> partitions =
        d.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    Set<Long> producers = new HashSet<>();
    admin
        .describeProducers(partitions)
        .all()
        .get(10, TimeUnit.SECONDS)
        .forEach(
            (tp, state) -> state.activeProducers().forEach(p -> producers.add(p.producerId())));
    Map<Long, String> transactionalIds = new HashMap<>();
    for (TransactionListing l : admin.listTransactions().all().get(10, TimeUnit.SECONDS)) {
      transactionalIds.put(l.producerId(), l.transactionalId());
    }
    Set<String> processes = new HashSet<>();
    for (long producer : producers) {
      String id = transactionalIds.get(producer);
      if (id != null) {
        OrphanedTransactions.processId(app, id).ifPresent(processes::add);
      }
    }
    return processes;
  }

  private static ConsumerGroupDescription group(Admin admin, String group) throws Exception {
    return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
  }

  private static void awaitMembers(Admin admin, String group, int members) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    ConsumerGroupDescription g = group(admin, group);
    while (g.groupState() != GroupState.STABLE || g.members().size() != members) {
      assertTrue(
          System.nanoTime() < until, group + " did not settle with " + members + " members: " + g);
      Thread.sleep(200);
      g = group(admin, group);
    }
  }

  /** After the kill, the survivor is the group's one member and owns every input partition. */
  private static void assertOneMemberOwnsAll(Admin admin, String group) throws Exception {
    awaitMembers(admin, group, 1);
    var member = group(admin, group).members().iterator().next();
    long owned =
        member.assignment().topicPartitions().stream()
            .filter(
                tp ->
                    tp.topic()
                        .equals(
                            group.equals(BLENDING_GROUP)
                                ? TOPICS.candidateSets()
                                : TOPICS.requests()))
            .count();
    assertEquals(
        PARTITIONS, owned, group + ": the survivor owns every partition: " + member.assignment());
  }
}

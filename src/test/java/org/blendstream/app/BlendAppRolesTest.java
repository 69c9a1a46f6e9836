package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.runtime.KafkaTestCluster;
import org.blendstream.runtime.TopicSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an instance runs, seen from the broker: each stream thread of each app is a member of that
 * app's group, so the groups show which apps a role started and with how many threads.
 */
@IntegrationTest
class BlendAppRolesTest {

  @RegisterExtension static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  @TempDir Path dataDir;

  @BeforeAll
  static void createTopics() {
    try (Admin admin = KAFKA.admin()) {
      new TopicSetup(KAFKA.config(Map.of(BlendConfig.MODELS, "a,b")), admin).createTopics();
    }
  }

  @Test
  void streamsNumStreamThreadsGivesBothAppsThatManyThreads() throws Exception {
    try (BlendApp app =
        BlendApp.start(config("threads", Map.of("streams.num.stream.threads", "2")))) {
      app.awaitRunning(Duration.ofSeconds(60));
      assertEquals(Set.of("StreamThread-1", "StreamThread-2"), threads("threads-assemble", 2));
      assertEquals(Set.of("StreamThread-1", "StreamThread-2"), threads("threads-blend", 2));
    }
  }

  @Test
  void assembleRoleRunsOnlyTheAssemblyAppAndLoadsNoModel() throws Exception {
    // A model directory that does not exist stops any start that loads the ranker.
    Map<String, Object> overrides =
        Map.of(
            BlendConfig.ROLE,
            "assemble",
            BlendConfig.RANKER,
            "pairranker",
            BlendConfig.RANKER_MODEL_DIR,
            dataDir.resolve("no-such-model").toString());
    try (BlendApp app = BlendApp.start(config("assembler", overrides))) {
      app.awaitRunning(Duration.ofSeconds(60));
      assertEquals(Set.of("StreamThread-1"), threads("assembler-assemble", 1));
      assertEquals(Set.of(), threads("assembler-blend", 0));
    }
    assertThrows(
        RuntimeException.class,
        () ->
            BlendApp.start(
                    config(
                        "assembler",
                        Map.of(
                            BlendConfig.RANKER,
                            "pairranker",
                            BlendConfig.RANKER_MODEL_DIR,
                            dataDir.resolve("no-such-model").toString())))
                .close(),
        "the same config with role=all loads the model and fails");
  }

  @Test
  void rankRoleRunsOnlyTheBlendingApp() throws Exception {
    try (BlendApp app = BlendApp.start(config("ranker", Map.of(BlendConfig.ROLE, "rank")))) {
      app.awaitRunning(Duration.ofSeconds(60));
      assertEquals(Set.of("StreamThread-1"), threads("ranker-blend", 1));
      assertEquals(Set.of(), threads("ranker-assemble", 0));
      // No frontier probe: the assembly group's offsets are never asked for, so it never appears on
      // the broker.
      try (Admin admin = KAFKA.admin()) {
        assertTrue(
            admin.listGroups().all().get(10, TimeUnit.SECONDS).stream()
                .noneMatch(g -> g.groupId().equals("ranker-assemble")),
            "no assembly group");
      }
    }
  }

  @Test
  void aRoleOtherThanAllRefusesTheEmbeddedBroker() {
    BlendConfig embedded =
        new BlendConfig(
            Map.of(
                BlendConfig.DATA_DIR,
                dataDir.toString(),
                BlendConfig.ROLE,
                "rank",
                BlendConfig.RANKER,
                "longest"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BlendApp.start(embedded).close());
    assertTrue(e.getMessage().contains("role=rank needs a cluster"), e.getMessage());
  }

  private BlendConfig config(String applicationId, Map<String, Object> overrides) {
    Map<String, Object> props =
        new HashMap<>(
            Map.of(
                BlendConfig.MODELS,
                "a,b",
                BlendConfig.RANKER,
                "longest",
                BlendConfig.APPLICATION_ID,
                applicationId));
    props.putAll(overrides);
    return KAFKA
        .config(props)
        .with(Map.of(BlendConfig.DATA_DIR, dataDir.resolve(applicationId).toString()));
  }

  /** The stream threads among a group's members, once it has {@code expected} of them. */
  private static Set<String> threads(String group, int expected) throws Exception {
    try (Admin admin = KAFKA.admin()) {
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        List<MemberDescription> members = members(admin, group);
        if (members.size() == expected || System.nanoTime() > until) {
          Set<String> threads = new TreeSet<>();
          for (MemberDescription m : members) {
            threads.add(m.clientId().replaceAll(".*-(StreamThread-\\d+)-consumer", "$1"));
          }
          return threads;
        }
        Thread.sleep(100);
      }
    }
  }

  /** A group's members; none for a group that the broker has never seen. */
  private static List<MemberDescription> members(Admin admin, String group) throws Exception {
    try {
      return List.copyOf(
          admin
              .describeConsumerGroups(List.of(group))
              .all()
              .get(10, TimeUnit.SECONDS)
              .get(group)
              .members());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return List.of();
      }
      throw e;
    }
  }
}

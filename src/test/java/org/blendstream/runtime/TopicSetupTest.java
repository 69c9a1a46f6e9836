package org.blendstream.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@IntegrationTest
class TopicSetupTest {

  @RegisterExtension static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  private static Admin admin;

  @BeforeAll
  static void openAdmin() {
    admin = KAFKA.admin();
  }

  @AfterAll
  static void closeAdmin() {
    admin.close();
  }

  /**
   * Each test has its own topic prefix, so tests sharing the broker do not see each other's topics.
   */
  private static BlendConfig config(String prefix, String models) {
    return KAFKA.config(
        Map.of(
            BlendConfig.TOPIC_PREFIX,
            prefix,
            BlendConfig.MODELS,
            models,
            BlendConfig.TOPIC_PARTITIONS,
            2));
  }

  @Test
  void clusterModeCheckNamesExactlyTheMissingFixedTopics() throws Exception {
    BlendConfig config = config("partial", "");
    Topics topics = config.topics();
    admin
        .createTopics(
            List.of(
                new NewTopic(topics.requests(), 2, (short) 1),
                new NewTopic(topics.blended(), 2, (short) 1)))
        .all()
        .get();
    // The controller acknowledges before the broker lists the topics; without this the check races
    // it.
    new TopicSetup(config, admin).awaitVisible(List.of(topics.requests(), topics.blended()));

    TopicSetup.MissingTopicsException e =
        assertThrows(
            TopicSetup.MissingTopicsException.class,
            () -> new TopicSetup(config, admin).prepare(false));

    List<String> expected = new ArrayList<>(topics.fixed());
    expected.removeAll(List.of(topics.requests(), topics.blended()));
    assertEquals(expected, e.missing());
    expected.forEach(t -> assertTrue(e.getMessage().contains(t), e.getMessage()));
    assertFalse(e.getMessage().contains(topics.requests() + ","), e.getMessage());
    assertFalse(e.getMessage().contains(topics.blended()), e.getMessage());
  }

  @Test
  void clusterModeCheckPassesWhenAllFixedTopicsExist() {
    BlendConfig config = config("complete", "");
    new TopicSetup(config, admin).createTopics();
    assertDoesNotThrow(() -> new TopicSetup(config, admin).prepare(false));
  }

  @Test
  void embeddedModeCreatesFixedAndModelTopicsWithConfiguredPartitionsIdempotently()
      throws Exception {
    BlendConfig config = config("fresh", "alpha,beta");
    TopicSetup setup = new TopicSetup(config, admin);
    setup.prepare(true);
    assertEquals(List.of(), setup.createTopics(), "second run creates nothing");

    List<String> expected = new ArrayList<>(config.topics().fixed());
    expected.add(config.topics().candidates("alpha"));
    expected.add(config.topics().candidates("beta"));
    Map<String, TopicDescription> described = admin.describeTopics(expected).allTopicNames().get();
    expected.forEach(t -> assertEquals(2, described.get(t).partitions().size(), t));
  }

  @Test
  void createdTopicsAcceptRecordMaxBytesPlusFraming() throws Exception {
    BlendConfig config =
        KAFKA.config(
            Map.of(
                BlendConfig.TOPIC_PREFIX,
                "sized",
                BlendConfig.MODELS,
                "alpha",
                BlendConfig.RECORD_MAX_BYTES,
                2 * 1024 * 1024));
    new TopicSetup(config, admin).createTopics();
    String expected = Integer.toString(2 * 1024 * 1024 + BlendConfig.FRAMING_ALLOWANCE_BYTES);
    for (String topic :
        List.of(config.topics().candidates("alpha"), config.topics().deadLetters())) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      assertEquals(
          expected,
          admin
              .describeConfigs(List.of(resource))
              .all()
              .get()
              .get(resource)
              .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
              .value(),
          topic);
    }
    assertEquals(Map.of(), new TopicSetup(config, admin).warnAboutSmallerRecordLimits());
  }

  @Test
  void clusterTopicsWithASmallerMaxMessageBytesAreNamed() throws Exception {
    BlendConfig config = config("small", "");
    Topics topics = config.topics();
    new TopicSetup(config, admin).createTopics();
    ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, topics.deadLetters());
    admin
        .incrementalAlterConfigs(
            Map.of(
                dlq,
                List.of(
                    new AlterConfigOp(
                        new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588"),
                        AlterConfigOp.OpType.SET))))
        .all()
        .get();
    // The broker applies the change after acknowledging it.
    long until = System.nanoTime() + 10_000_000_000L;
    while (!"1048588"
            .equals(
                admin
                    .describeConfigs(List.of(dlq))
                    .all()
                    .get()
                    .get(dlq)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
                    .value())
        && System.nanoTime() < until) {
      Thread.sleep(50);
    }

    assertEquals(
        Map.of(topics.deadLetters(), 1048588),
        new TopicSetup(config, admin).warnAboutSmallerRecordLimits());
  }

  @Test
  void aCandidateTopicWithoutModelNameIsReportedAtStart() throws Exception {
    BlendConfig config = config("unnamed", "");
    TopicSetup setup = new TopicSetup(config, admin);
    setup.createTopics();
    assertEquals(Optional.empty(), setup.warnAboutCandidateTopicWithoutModel());
    admin.createTopics(List.of(new NewTopic("unnamed.candidates.", 2, (short) 1))).all().get();
    setup.awaitVisible(List.of("unnamed.candidates."));

    assertEquals(Optional.of("unnamed.candidates."), setup.warnAboutCandidateTopicWithoutModel());
    assertFalse(
        config.topics().candidatesPattern().matcher("unnamed.candidates.").matches(),
        "the pattern does not read it, which is why it is reported");
  }

  @Test
  void createCandidateTopicAddsOneModelTopicCoPartitionedWithTheRest() throws Exception {
    BlendConfig config = config("late", "");
    String topic = new TopicSetup(config, admin).createCandidateTopic("gamma");
    assertEquals("late.candidates.gamma", topic);
    assertEquals(
        topic, new TopicSetup(config, admin).createCandidateTopic("gamma"), "again is fine");
    assertEquals(
        2,
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size());
  }
}

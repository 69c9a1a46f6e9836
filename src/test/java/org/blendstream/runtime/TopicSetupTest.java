package org.blendstream.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.blendstream.BlendConfig;
import org.blendstream.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicSetupTest {

  @RegisterExtension
  static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  private static Admin admin;

  @BeforeAll
  static void openAdmin() {
    admin = KAFKA.admin();
  }

  @AfterAll
  static void closeAdmin() {
    admin.close();
  }

  /** Each test has its own topic prefix, so tests sharing the broker do not see each other's topics. */
  private static BlendConfig config(String prefix, String models) {
    return KAFKA.config(Map.of(BlendConfig.TOPIC_PREFIX, prefix, BlendConfig.MODELS, models,
        BlendConfig.TOPIC_PARTITIONS, 2));
  }

  @Test
  void clusterModeCheckNamesExactlyTheMissingFixedTopics() throws Exception {
    BlendConfig config = config("partial", "");
    Topics topics = config.topics();
    admin.createTopics(List.of(new NewTopic(topics.requests(), 2, (short) 1),
        new NewTopic(topics.blended(), 2, (short) 1))).all().get();
    // The controller acknowledges before the broker lists the topics; without this the check races it.
    new TopicSetup(config, admin).awaitVisible(List.of(topics.requests(), topics.blended()));

    TopicSetup.MissingTopicsException e = assertThrows(TopicSetup.MissingTopicsException.class,
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
  void embeddedModeCreatesFixedAndModelTopicsWithConfiguredPartitionsIdempotently() throws Exception {
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
  void createCandidateTopicAddsOneModelTopicCoPartitionedWithTheRest() throws Exception {
    BlendConfig config = config("late", "");
    String topic = new TopicSetup(config, admin).createCandidateTopic("gamma");
    assertEquals("late.candidates.gamma", topic);
    assertEquals(topic, new TopicSetup(config, admin).createCandidateTopic("gamma"), "again is fine");
    assertEquals(2, admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size());
  }
}

package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.blendstream.BlendConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  private static final List<String> APPS =
      List.of(BlendTopology.ASSEMBLY_APP, BlendTopology.BLENDING_APP);

  @Test
  void streamsNumStreamThreadsReachesBothAppsFromAFlagOrTheEnvironment() {
    BlendConfig fromFlag =
        BlendConfig.load(
            new Properties(),
            Map.of(),
            Map.of("bootstrap.servers", "k:9092", "streams.num.stream.threads", "3"));
    BlendConfig fromEnv =
        BlendConfig.load(
            new Properties(),
            Map.of("BLENDSTREAM_STREAMS_NUM_STREAM_THREADS", "2"),
            Map.of("bootstrap.servers", "k:9092"));
    for (String app : APPS) {
      assertEquals(3, threads(fromFlag, app), app);
      assertEquals(2, threads(fromEnv, app), app);
    }
  }

  @Test
  void onlyTheAssemblerTakesLargePollsAndBothReadTheirPartitionsInTimeOrder() {
    BlendConfig config = new BlendConfig(Map.of("bootstrap.servers", "k:9092"));
    Properties assembly = StreamsSettings.streamsConfig(config, BlendTopology.ASSEMBLY_APP);
    Properties blending = StreamsSettings.streamsConfig(config, BlendTopology.BLENDING_APP);
    String polls = StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
    assertEquals(500, assembly.get(polls));
    // Kafka Streams' default (0): a set's answers are taken in time order across their topics.
    assertEquals(null, assembly.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
    // A model can take seconds a set: the blending app's polls stay small, its transactions short.
    assertEquals(50, blending.get(polls));
    assertEquals(null, blending.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
    // A user's streams.* setting still wins.
    BlendConfig overridden =
        new BlendConfig(Map.of("bootstrap.servers", "k:9092", "streams.max.task.idle.ms", "-1"));
    assertEquals(
        "-1",
        StreamsSettings.streamsConfig(overridden, BlendTopology.ASSEMBLY_APP)
            .get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
  }

  @Test
  void producersLingerUnderExactlyOnceOnlyWhereTheCommitFlushesThem() {
    String linger = StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG);
    String batch = StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG);
    for (String app : APPS) {
      Properties eos =
          StreamsSettings.streamsConfig(
              new BlendConfig(
                  Map.of(
                      "bootstrap.servers",
                      "k:9092",
                      "processing.guarantee",
                      StreamsConfig.EXACTLY_ONCE_V2)),
              app);
      assertEquals(StreamsSettings.LINGER_UNDER_EXACTLY_ONCE_MS, eos.get(linger), app);
      assertEquals(StreamsSettings.BATCH_UNDER_EXACTLY_ONCE_BYTES, eos.get(batch), app);
      // At least once, a reader sees a record as soon as it is sent, so it is sent at once.
      Properties alo =
          StreamsSettings.streamsConfig(
              new BlendConfig(
                  Map.of(
                      "bootstrap.servers",
                      "k:9092",
                      "processing.guarantee",
                      StreamsConfig.AT_LEAST_ONCE)),
              app);
      assertEquals(0, alo.get(linger), app);
      assertEquals(null, alo.get(batch), app);
    }
  }

  @Test
  void eachAppRunsOneThreadByDefault() {
    BlendConfig config = new BlendConfig(Map.of("bootstrap.servers", "k:9092"));
    for (String app : APPS) {
      assertEquals(1, threads(config, app), app);
    }
  }

  @Test
  void theTwoAppsKeepTheirOwnGroupAndStateDirSoThatInstancesOfOneRoleShareOnlyTheirApp() {
    BlendConfig config =
        new BlendConfig(Map.of("bootstrap.servers", "k:9092", "application.id", "x"));
    StreamsConfig assembly =
        new StreamsConfig(StreamsSettings.streamsConfig(config, BlendTopology.ASSEMBLY_APP));
    StreamsConfig blending =
        new StreamsConfig(StreamsSettings.streamsConfig(config, BlendTopology.BLENDING_APP));
    assertEquals("x-assemble", assembly.getString(StreamsConfig.APPLICATION_ID_CONFIG));
    assertEquals("x-blend", blending.getString(StreamsConfig.APPLICATION_ID_CONFIG));
    assertNotEquals(
        assembly.getString(StreamsConfig.STATE_DIR_CONFIG),
        blending.getString(StreamsConfig.STATE_DIR_CONFIG));
  }

  @Test
  void consumersJoinAsStaticMembersNamedByHostAndDataDirOrByInstanceId() {
    BlendConfig a = new BlendConfig(Map.of("bootstrap.servers", "k:9092", "data.dir", "/srv/a"));
    BlendConfig aAgain =
        new BlendConfig(Map.of("bootstrap.servers", "k:9092", "data.dir", "/srv/a"));
    BlendConfig b = new BlendConfig(Map.of("bootstrap.servers", "k:9092", "data.dir", "/srv/b"));
    BlendConfig named =
        new BlendConfig(Map.of("bootstrap.servers", "k:9092", "instance.id", "ranker-7"));
    BlendConfig dynamic =
        new BlendConfig(Map.of("bootstrap.servers", "k:9092", "static.membership", "false"));
    for (String app : APPS) {
      assertEquals(
          instanceId(a, app),
          instanceId(aAgain, app),
          "a restart on the same data dir is the same member");
      assertNotEquals(
          instanceId(a, app), instanceId(b, app), "two data dirs on one host are two members");
      assertEquals("ranker-7-" + app, instanceId(named, app));
      assertEquals(null, instanceId(dynamic, app));
      assertEquals(
          10_000,
          new StreamsConfig(StreamsSettings.streamsConfig(a, app))
              .getMainConsumerConfigs("g", "c", 0)
              .get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
      assertEquals(
          1,
          new StreamsConfig(StreamsSettings.streamsConfig(a, app))
              .getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
    }
    assertNotEquals(instanceId(a, APPS.get(0)), instanceId(a, APPS.get(1)));
  }

  /** The main consumer's group.instance.id, as Kafka Streams hands it to stream thread 1. */
  private static Object instanceId(BlendConfig config, String app) {
    Object id =
        new StreamsConfig(StreamsSettings.streamsConfig(config, app))
            .getMainConsumerConfigs("g", "c", 1)
            .get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    return id == null ? null : id.toString().substring(0, id.toString().length() - "-1".length());
  }

  /** As Kafka Streams itself parses it, not as we put it. */
  private static int threads(BlendConfig config, String app) {
    return new StreamsConfig(StreamsSettings.streamsConfig(config, app))
        .getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG);
  }
}

package org.blendstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.blendstream.app.StreamsSettings;
import org.junit.jupiter.api.Test;

class BlendConfigTest {

  @Test
  void flagsOverrideEnvironmentWhichOverridesTheFile() {
    Properties file = new Properties();
    file.setProperty("deadline.ms", "1000");
    file.setProperty("min.candidates", "2");
    file.setProperty("models", "a,b");
    Map<String, String> env =
        Map.of(
            "BLENDSTREAM_DEADLINE_MS", "2000", "BLENDSTREAM_MIN_CANDIDATES", "3", "UNRELATED", "x");
    BlendConfig config = BlendConfig.load(file, env, Map.of("deadline.ms", "3000"));
    assertEquals(3000L, config.deadlineMs());
    assertEquals(3, config.minCandidates());
    assertEquals(List.of("a", "b"), config.models());
  }

  @Test
  void streamsPrefixedKeysReachKafkaStreamsAndOverrideDefaults() {
    BlendConfig config =
        BlendConfig.load(
            new Properties(),
            Map.of("BLENDSTREAM_STREAMS_NUM_STREAM_THREADS", "4"),
            Map.of("bootstrap.servers", "k:9092"));
    Properties streams = StreamsSettings.streamsConfig(config);
    assertEquals("4", streams.get("num.stream.threads"));
    assertEquals("exactly_once_v2", streams.get("processing.guarantee"));
    assertEquals(100, streams.get("commit.interval.ms"));
  }

  @Test
  void modelCacheIsPerUserByDefaultNotPerDataDirAndTheEnvironmentMovesIt() {
    BlendConfig defaults =
        BlendConfig.load(new Properties(), Map.of(), Map.of("data.dir", "/tmp/some-run"));
    assertEquals(
        Path.of(System.getProperty("user.home"), ".cache", "blendstream"),
        defaults.modelCacheDir());
    BlendConfig moved =
        BlendConfig.load(
            new Properties(), Map.of("BLENDSTREAM_MODEL_CACHE_DIR", "/srv/models"), Map.of());
    assertEquals(Path.of("/srv/models"), moved.modelCacheDir());
  }

  @Test
  void mainConsumerCarriesTheGlobalProcessingHandlerFlagThatTheAssignorChecks() {
    BlendConfig config =
        BlendConfig.load(new Properties(), Map.of(), Map.of("bootstrap.servers", "k:9092"));
    Map<String, Object> consumer =
        new StreamsConfig(StreamsSettings.streamsConfig(config, "blend"))
            .getMainConsumerConfigs("g", "c", 0);
    assertEquals(
        true, consumer.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG));
  }

  @Test
  void invalidValuesAreRejectedWithTheKeyInTheMessage() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> new BlendConfig(Map.of("ranker.aggregation", "best-guess")));
    assertTrue(e.getMessage().contains("ranker.aggregation"), e.getMessage());
  }

  @Test
  void candidateTopicsMatchThePatternAndNameTheirModel() {
    Topics topics = new Topics("blend");
    assertTrue(
        topics.candidatesPattern().matcher("blend.candidates.openbuddy-llama-30b-v7.1").matches());
    assertEquals(
        "openbuddy-llama-30b-v7.1", topics.modelOf("blend.candidates.openbuddy-llama-30b-v7.1"));
    assertTrue(!topics.candidatesPattern().matcher("blend.candidate-sets").matches());
  }
}

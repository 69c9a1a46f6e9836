package org.blendstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmSettingsTest {

  private static final String KEY = "sk-env-SECRET-42";

  @TempDir Path tmp;

  @Test
  void readsTheKeyFromTheEnvironmentTheKafkaWayAndNeverPrintsIt() {
    BlendConfig config = BlendConfig.load(null, Map.of("BLENDSTREAM_JUDGE_API_KEY", KEY), Map.of());
    assertEquals(KEY, config.llm().apiKey().value());
    assertFalse(config.values().toString().contains(KEY), "config values print [hidden]");
    assertFalse(String.valueOf(config.llm().apiKey()).contains(KEY));
  }

  @Test
  void readsTheKeyFileWhenNoKeyIsGivenAndNeedsNoneForALocalEndpoint() throws Exception {
    Path file = Files.writeString(tmp.resolve("key"), "  " + KEY + "\n");
    assertEquals(
        KEY, new BlendConfig(Map.of("judge.api.key.file", file.toString())).llm().apiKey().value());
    assertNull(new BlendConfig(Map.of()).llm().apiKey());
  }

  @Test
  void theAggregatorUsesTheJudgesEndpointAndModelUnlessGivenItsOwn() {
    LlmSettings llm =
        new BlendConfig(Map.of("judge.base.url", "http://j/v1", "judge.model", "j")).llm();
    assertEquals("http://j/v1", llm.aggregatorBaseUrl());
    assertEquals("j", llm.aggregatorModel());
    assertEquals(
        "a",
        new BlendConfig(Map.of("judge.model", "j", "fuser.llm.model", "a"))
            .llm()
            .aggregatorModel());
  }

  @Test
  void judgeAndAggregatorBudgetsTogetherMustFitAQuarterOfTheTransactionTimeout() {
    LlmSettings fits =
        new BlendConfig(
                Map.of(
                    "judge.base.url",
                    "http://j/v1",
                    "fuser",
                    "llm",
                    "judge.budget.ms",
                    40_000L,
                    "fuser.budget.ms",
                    35_000L))
            .llm();
    fits.requireEndpoint("judge", "m", 40_000L);
    LlmSettings over =
        new BlendConfig(
                Map.of(
                    "judge.base.url",
                    "http://j/v1",
                    "fuser",
                    "llm",
                    "judge.budget.ms",
                    40_000L,
                    "fuser.budget.ms",
                    36_000L))
            .llm();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> over.requireEndpoint("judge", "m", 40_000L));
    assertTrue(e.getMessage().contains("76000 ms"), e.getMessage());
    LlmSettings raised =
        new BlendConfig(
                Map.of(
                    "judge.base.url",
                    "http://j/v1",
                    "fuser",
                    "llm",
                    "judge.budget.ms",
                    40_000L,
                    "fuser.budget.ms",
                    36_000L,
                    "streams.producer.transaction.timeout.ms",
                    600_000))
            .llm();
    raised.requireEndpoint("judge", "m", 40_000L);
  }

  @Test
  void aJudgeWithoutEndpointOrModelStopsStartupNamingTheKey() {
    LlmSettings none = new BlendConfig(Map.of()).llm();
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> none.requireEndpoint("judge", "m", 1))
            .getMessage()
            .contains("judge.base.url"));
    LlmSettings noModel = new BlendConfig(Map.of("judge.base.url", "http://j/v1")).llm();
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> noModel.requireEndpoint("judge", "", 1))
            .getMessage()
            .contains("judge.model"));
  }
}

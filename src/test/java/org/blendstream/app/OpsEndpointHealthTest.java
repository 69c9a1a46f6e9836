package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

/** What the health paths answer for the apps' states, without a broker. */
class OpsEndpointHealthTest {

  private static OpsEndpoint.Health health(State assemble, State blend, Long probeAgeMs) {
    Map<String, State> states = new LinkedHashMap<>();
    if (assemble != null) {
      states.put("assemble", assemble);
    }
    if (blend != null) {
      states.put("blend", blend);
    }
    return OpsEndpoint.Health.of(states, probeAgeMs, 100L, 60_000, 0, java.util.Set.of(), BOUNDS);
  }

  private static final OpsEndpoint.Bounds BOUNDS = new OpsEndpoint.Bounds(1000, 30_000, 120_000);

  @Test
  void readyOnlyWhenEveryAppRunsAndLiveUnlessOneFailed() {
    assertTrue(health(State.RUNNING, State.RUNNING, 50L).ready());
    assertFalse(
        health(State.RUNNING, State.REBALANCING, 50L).ready(),
        "a rebalance is not ready (Kafka's convention)");
    assertTrue(health(State.RUNNING, State.REBALANCING, 50L).live());
    assertTrue(
        health(State.NOT_RUNNING, State.RUNNING, 50L).live(), "a close the process asked for");
    assertFalse(health(State.PENDING_ERROR, State.RUNNING, 50L).live());
    assertFalse(health(State.RUNNING, State.ERROR, 50L).live());
    assertFalse(health(State.RUNNING, State.ERROR, 50L).ready());
  }

  @Test
  void aRoleThatRunsOneAppIsReadyWithItAloneAndNoAppIsNeverReady() {
    assertTrue(health(null, State.RUNNING, null).ready());
    assertFalse(health(null, null, null).ready());
  }

  @Test
  void theBodyNamesEachAppsStateAndAFailingProbe() {
    assertEquals(
        "{\"status\":\"NOT_READY\",\"apps\":{\"assemble\":\"RUNNING\",\"blend\":\"REBALANCING\"},"
            + "\"threads_replaced\":0,\"input_probe\":{\"last_success_ms_ago\":4000,\"failing\":true},\"refused_topics\":[],\"problems\":[\"app"
            + " blend is REBALANCING\"]}\n",
        health(State.RUNNING, State.REBALANCING, 4000L).json());
    assertTrue(health(State.RUNNING, State.RUNNING, 200L).json().contains("\"failing\":false"));
    assertTrue(health(State.ERROR, State.RUNNING, 200L).json().startsWith("{\"status\":\"DOWN\""));
  }

  @Test
  void aRankOnlyInstanceRunsNoProbeAndReportsNone() {
    assertEquals(
        "{\"status\":\"UP\",\"apps\":{\"blend\":\"RUNNING\"},\"threads_replaced\":0,\"problems\":[]}\n",
        health(null, State.RUNNING, null).json());
  }

  @Test
  void aStalledProbeFailsReadinessAfterItsBoundAndLivenessAfterTheLongerOneSayingWhy() {
    Map<String, State> running = new LinkedHashMap<>(Map.of("assemble", State.RUNNING));
    OpsEndpoint.Health shortStall =
        OpsEndpoint.Health.of(running, 20_000L, 100L, 60_000, 0, java.util.Set.of(), BOUNDS);
    assertTrue(
        shortStall.ready() && shortStall.live(), "within the bound: shown as failing, not judged");
    OpsEndpoint.Health stalled =
        OpsEndpoint.Health.of(running, 31_000L, 100L, 60_000, 0, java.util.Set.of(), BOUNDS);
    assertFalse(stalled.ready());
    assertTrue(stalled.live());
    assertTrue(
        stalled
            .json()
            .contains(
                "\"problems\":[\"the input probe has not answered for 31000 ms"
                    + " (health.stall.ready.ms=30000)\"]"),
        stalled.json());
    OpsEndpoint.Health cutOff =
        OpsEndpoint.Health.of(running, 130_000L, 130_000L, 200_000, 0, java.util.Set.of(), BOUNDS);
    assertFalse(cutOff.live());
    assertTrue(
        cutOff
            .json()
            .contains(
                "the admin client has not reached the broker for 130000 ms"
                    + " (health.stall.live.ms=120000)"),
        cutOff.json());
    OpsEndpoint.Health neverAnswered =
        OpsEndpoint.Health.of(running, null, null, 40_000, 0, java.util.Set.of(), BOUNDS);
    assertFalse(neverAnswered.ready(), "a probe that never answered counts from the start");
    assertTrue(
        OpsEndpoint.Health.of(running, null, null, 5_000, 0, java.util.Set.of(), BOUNDS).ready());
  }
}

package org.blendstream;

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
    return OpsEndpoint.Health.of(states, probeAgeMs, 1000, 0, java.util.Set.of());
  }

  @Test
  void readyOnlyWhenEveryAppRunsAndLiveUnlessOneFailed() {
    assertTrue(health(State.RUNNING, State.RUNNING, 50L).ready());
    assertFalse(health(State.RUNNING, State.REBALANCING, 50L).ready(), "a rebalance is not ready (Kafka's convention)");
    assertTrue(health(State.RUNNING, State.REBALANCING, 50L).live());
    assertTrue(health(State.NOT_RUNNING, State.RUNNING, 50L).live(), "a close the process asked for");
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
    assertEquals("{\"status\":\"NOT_READY\",\"apps\":{\"assemble\":\"RUNNING\",\"blend\":\"REBALANCING\"},"
        + "\"threads_replaced\":0,\"input_probe\":{\"last_success_ms_ago\":4000,\"failing\":true},"
        + "\"refused_topics\":[]}\n",
        health(State.RUNNING, State.REBALANCING, 4000L).json());
    assertTrue(health(State.RUNNING, State.RUNNING, 200L).json().contains("\"failing\":false"));
    assertTrue(health(State.ERROR, State.RUNNING, 200L).json().startsWith("{\"status\":\"DOWN\""));
  }

  @Test
  void aRankOnlyInstanceRunsNoProbeAndReportsNone() {
    assertEquals("{\"status\":\"UP\",\"apps\":{\"blend\":\"RUNNING\"},\"threads_replaced\":0}\n",
        health(null, State.RUNNING, null).json());
  }
}

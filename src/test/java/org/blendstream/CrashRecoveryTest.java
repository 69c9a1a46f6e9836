package org.blendstream;

import static org.blendstream.ProcessHarness.FAULT_AFTER_ANSWERS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.blendstream.ProcessHarness.Ports;
import org.blendstream.ProcessHarness.Traffic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults with real processes, as a user would cause them: the broker and the app run in their own JVMs
 * ({@link ProcessHarness}), and the test kills them. Each run publishes 1,000 requests with 3 models' answers while
 * the fault happens, then reads the answers under read_committed: one per request, none twice, and whole sets,
 * because every candidate was produced before its deadline.
 */
class CrashRecoveryTest {

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
  void killNineOfTheAppMidStreamLosesAndRepeatsNothing() throws Exception {
    Ports ports = Ports.pick();
    Process broker = run.startBroker(ports, "broker-1");
    List<String> app = run.clusterArgs(ports.bootstrap(), ports.registryUrl(), "app");
    Process first = run.startApp(app, "app-1");
    try (Traffic traffic = run.traffic(ports.bootstrap(), ports.registryUrl())) {
      traffic.awaitAnswers(FAULT_AFTER_ANSWERS, Duration.ofSeconds(120));
      first.toHandle().destroyForcibly(); // SIGKILL
      first.waitFor(30, TimeUnit.SECONDS);
      Thread.sleep(2000); // requests keep coming while the app is down
      run.startApp(app, "app-2");
      traffic.finishAndCheck("kill -9 app");
    }
    broker.destroy();
  }

  @Test
  void sigtermOfTheAppMidStreamLosesAndRepeatsNothing() throws Exception {
    Ports ports = Ports.pick();
    run.startBroker(ports, "broker-1");
    List<String> app = run.clusterArgs(ports.bootstrap(), ports.registryUrl(), "app");
    Process first = run.startApp(app, "app-1");
    try (Traffic traffic = run.traffic(ports.bootstrap(), ports.registryUrl())) {
      traffic.awaitAnswers(FAULT_AFTER_ANSWERS, Duration.ofSeconds(120));
      first.destroy(); // SIGTERM: the app leaves the group and closes
      assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the app stops on SIGTERM");
      run.startApp(app, "app-2");
      traffic.finishAndCheck("SIGTERM app");
    }
  }

  @Test
  void killNineOfTheWholeEmbeddedProcessThenRestartOnItsDataDir() throws Exception {
    Ports ports = Ports.pick();
    List<String> args = new ArrayList<>(List.of("--data-dir", run.dir().resolve("embedded").toString(),
        "-D", "embedded.kafka.port=" + ports.kafka(), "-D", "embedded.registry.port=" + ports.registry()));
    args.addAll(ProcessHarness.pipelineArgs());
    Process whole = run.startApp(args, "embedded-1");
    try (Traffic traffic = run.traffic(ports.bootstrap(), ports.registryUrl())) {
      traffic.awaitAnswers(FAULT_AFTER_ANSWERS, Duration.ofSeconds(120));
      whole.toHandle().destroyForcibly(); // broker, registry and pipeline at once
      whole.waitFor(30, TimeUnit.SECONDS);
      run.startApp(args, "embedded-2");
      traffic.finishAndCheck("kill -9 embedded");
    }
  }

  @Test
  void brokerRestartMidStreamLosesAndRepeatsNothing() throws Exception {
    Ports ports = Ports.pick();
    Process broker = run.startBroker(ports, "broker-1");
    run.startApp(run.clusterArgs(ports.bootstrap(), ports.registryUrl(), "app"), "app-1");
    try (Traffic traffic = run.traffic(ports.bootstrap(), ports.registryUrl())) {
      traffic.awaitAnswers(FAULT_AFTER_ANSWERS, Duration.ofSeconds(120));
      broker.destroy();
      assertTrue(broker.waitFor(60, TimeUnit.SECONDS), "the broker stops on SIGTERM");
      run.startBroker(ports, "broker-2");
      traffic.finishAndCheck("broker restart");
    }
  }
}

package org.blendstream.app;

import static org.blendstream.app.ProcessHarness.FAULT_AFTER_ANSWERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.blendstream.IntegrationTest;
import org.blendstream.app.ProcessHarness.Ports;
import org.blendstream.app.ProcessHarness.Traffic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults with real processes, as a user would cause them: the broker and the app run in their own
 * JVMs ({@link ProcessHarness}), and the test kills them. Each run publishes 1,000 requests with 3
 * models' answers while the fault happens, then reads the answers under read_committed: one per
 * request, none twice, and whole sets, because every candidate was produced before its deadline.
 */
@IntegrationTest
class CrashRecoveryTest {

  /**
   * What BlendApp logs when an app did not close within its timeout: a SIGTERM that logs it waited
   * the timeout out (for instance on a broker already gone) instead of closing. Read from the log,
   * not from the clock, on shared cores.
   */
  private static final String CLOSE_TIMED_OUT = "did not close within";

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
      traffic.restart(app, "app-2");
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
      long shutdownMs = run.sigterm(first);
      // Right after the exit, not a session timeout later: the close left the groups.
      int members = 0;
      try (Admin admin = ProcessHarness.admin(ports.bootstrap())) {
        for (String group : List.of("blendstream-assemble", "blendstream-blend")) {
          members +=
              admin
                  .describeConsumerGroups(List.of(group))
                  .all()
                  .get(10, TimeUnit.SECONDS)
                  .get(group)
                  .members()
                  .size();
        }
      }
      System.out.printf(
          "SIGTERM app: exit %d after %d ms; members left in its two groups right after: %d%n",
          first.exitValue(), shutdownMs, members);
      assertEquals(0, first.exitValue(), "a clean close on SIGTERM exits 0");
      assertEquals(0, members, "the app left both groups when it closed");
      assertNoCloseTimedOut(Files.readAllLines(run.log("app-1")));
      traffic.restart(app, "app-2");
      traffic.finishAndCheck("SIGTERM app");
    }
  }

  @Test
  void sigtermOfTheWholeEmbeddedProcessClosesTheAppsThenTheBrokerAndExitsZero() throws Exception {
    Ports ports = Ports.pick();
    List<String> args = embeddedArgs(ports);
    // The broker's own account of its shutdown, beside ours.
    Process whole =
        run.startApp(
            args, "embedded-1", "-Dorg.slf4j.simpleLogger.log.kafka.server.BrokerServer=info");
    try (Traffic traffic = run.traffic(ports.bootstrap(), ports.registryUrl())) {
      traffic.awaitAnswers(FAULT_AFTER_ANSWERS, Duration.ofSeconds(120));
      long shutdownMs = run.sigterm(whole);
      List<String> log = Files.readAllLines(run.log("embedded-1"));
      System.out.printf("SIGTERM embedded: exit %d after %d ms%n", whole.exitValue(), shutdownMs);
      log.stream()
          .filter(l -> l.contains("shutdown: ") || l.contains("BrokerServer"))
          .filter(l -> l.contains("shut"))
          .forEach(l -> System.out.println("  " + l));
      assertEquals(0, whole.exitValue(), "a clean close on SIGTERM exits 0");
      List<String> order =
          List.of(
              "blendstream stopping",
              "shutdown: streams apps closed",
              "shutdown: admin client closed",
              "shutdown: models freed",
              "] shutting down",
              "] shut down completed",
              "shutdown: embedded broker and registry stopped",
              "blendstream stopped");
      List<Integer> at = order.stream().map(step -> lineOf(log, step)).toList();
      assertTrue(
          at.stream().allMatch(i -> i >= 0),
          "every step of the close is logged: " + at + " in " + log);
      assertEquals(
          at.stream().sorted().toList(),
          at,
          "streams, then admin, then models, then the broker: " + order);
      assertNoCloseTimedOut(log);
      traffic.restart(args, "embedded-2");
      traffic.finishAndCheck("SIGTERM embedded");
    }
  }

  private static void assertNoCloseTimedOut(List<String> log) {
    assertTrue(
        log.stream().noneMatch(l -> l.contains(CLOSE_TIMED_OUT)),
        "a close waited out its timeout: "
            + log.stream().filter(l -> l.contains(CLOSE_TIMED_OUT)).toList());
  }

  private static int lineOf(List<String> log, String text) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }

  private List<String> embeddedArgs(Ports ports) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--data-dir",
                run.dir().resolve("embedded").toString(),
                "-D",
                "embedded.kafka.port=" + ports.kafka(),
                "-D",
                "embedded.registry.port=" + ports.registry()));
    args.addAll(ProcessHarness.pipelineArgs());
    return args;
  }

  @Test
  void killNineOfTheWholeEmbeddedProcessThenRestartOnItsDataDir() throws Exception {
    Ports ports = Ports.pick();
    List<String> args = embeddedArgs(ports);
    Process whole = run.startApp(args, "embedded-1");
    try (Traffic traffic = run.traffic(ports.bootstrap(), ports.registryUrl())) {
      traffic.awaitAnswers(FAULT_AFTER_ANSWERS, Duration.ofSeconds(120));
      whole.toHandle().destroyForcibly(); // broker, registry and pipeline at once
      whole.waitFor(30, TimeUnit.SECONDS);
      // The broker's registration and the apps' RUNNING in the log, for the timeline that
      // finishAndCheck prints.
      traffic.restart(
          args,
          "embedded-2",
          ProcessHarness.STREAMS_STATES,
          "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.server.BrokerLifecycleManager=info");
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

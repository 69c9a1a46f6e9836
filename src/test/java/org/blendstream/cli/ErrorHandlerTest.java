package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's mistake gives one line naming what is wrong and exit code 3; --stacktrace gives the
 * whole trace.
 */
class ErrorHandlerTest {

  @TempDir Path tmp;

  private static void assertOneErrorLine(Cli.Result r, String expected) {
    assertEquals(ErrorHandler.BAD_INPUT, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), r.toString());
    assertEquals(expected, r.err().strip(), r.toString());
  }

  @Test
  void missingConfigFileIsOneLineNamingTheFile() {
    Path missing = tmp.resolve("nope.properties");
    assertOneErrorLine(
        Cli.run("run", "--config", missing.toString()),
        "error: cannot read config file " + missing + " (no such file)");
  }

  @Test
  void missingDatasetIsOneLineNamingTheDataset() {
    Path missing = tmp.resolve("nope.jsonl.gz");
    assertOneErrorLine(
        Cli.run(
            "eval",
            "--data",
            missing.toString(),
            "--pool",
            "a,b",
            "--ranker",
            "longest",
            "--json",
            tmp.resolve("r.json").toString()),
        "error: cannot read dataset " + missing + " (no such file)");
  }

  @Test
  void missingModelFolderOfRankIsOneLineNamingTheFolder() {
    Path missing = tmp.resolve("no-model");
    assertOneErrorLine(
        Cli.run(
            "rank",
            "--model",
            missing.toString(),
            "--device",
            "cpu",
            "--prompt",
            "p",
            "--candidate",
            "a",
            "--candidate",
            "b"),
        "error: model directory " + missing + ": does not exist or is not a directory");
  }

  @Test
  void missingModelFolderOfRunStopsStartupWithOneLineNamingTheFolder() {
    Path missing = tmp.resolve("no-model");
    assertOneErrorLine(
        Cli.run(
            "run",
            "--data-dir",
            tmp.resolve("data").toString(),
            "-D",
            "ranker=pairranker",
            "-D",
            "ranker.model.dir=" + missing,
            "-D",
            "embedded.kafka.port=0",
            "-D",
            "embedded.registry.port=0"),
        "error: model directory " + missing + ": does not exist or is not a directory");
  }

  @Test
  void invalidConfigValueIsOneLineNamingTheKey() {
    Cli.Result r =
        Cli.run("run", "--data-dir", tmp.resolve("data").toString(), "-D", "deadline.ms=soon");
    assertEquals(ErrorHandler.BAD_INPUT, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), r.toString());
    assertTrue(
        r.err().startsWith("error: ")
            && r.err().contains("deadline.ms")
            && r.err().contains("soon"),
        r.toString());
  }

  @Test
  void stacktraceFlagPrintsTheWholeTraceWithTheCause() {
    Path missing = tmp.resolve("nope.properties");
    Cli.Result r = Cli.run("run", "--stacktrace", "--config", missing.toString());
    assertEquals(ErrorHandler.BAD_INPUT, r.code(), r.toString());
    assertTrue(
        r.err().startsWith("java.io.UncheckedIOException: cannot read config file " + missing),
        r.toString());
    assertTrue(r.err().contains("\tat org.blendstream.cli.ConfigOptions.load("), r.toString());
    assertTrue(
        r.err().contains("Caused by: java.nio.file.NoSuchFileException: " + missing), r.toString());
  }

  @Test
  void aFailureThatIsNotTheUsersFaultExitsWithTheRuntimeCode() {
    assertEquals(
        ErrorHandler.RUNTIME_FAILURE,
        ErrorHandler.exitCode(new IllegalStateException("broker went away")));
    assertEquals(
        "broker went away (Connection refused)",
        ErrorHandler.message(
            new IllegalStateException(
                "broker went away", new java.net.ConnectException("Connection refused"))));
    assertEquals("NullPointerException", ErrorHandler.message(new NullPointerException()));
  }

  @Test
  void usageErrorsKeepPicocliExitCodeTwo() {
    Cli.Result r = Cli.run("rank", "--no-such-flag");
    assertEquals(2, r.code(), r.toString());
  }

  @Test
  void helpListsTheExitCodes() {
    Cli.Result r = Cli.run("--help");
    assertEquals(0, r.code(), r.toString());
    assertTrue(
        r.out().contains("Exit codes:") && r.out().contains("3   bad input or config"), r.out());
  }

  @Test
  void anArgumentErrorIsTheUsersOnlyWhenTheCommandThrowsIt() {
    assertEquals(
        ErrorHandler.BAD_INPUT,
        ErrorHandler.exitCode(new IllegalArgumentException("--pool is empty")));
    assertEquals(
        ErrorHandler.RUNTIME_FAILURE,
        ErrorHandler.exitCode(
            new IllegalStateException(
                "forward pass failed", new IllegalArgumentException("shape mismatch"))));
    assertEquals(
        ErrorHandler.BAD_INPUT,
        ErrorHandler.exitCode(
            new java.io.UncheckedIOException(
                new java.nio.file.NoSuchFileException("/data.jsonl"))));
  }
}

package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.blendstream.rank.ModelPrior;
import org.blendstream.rank.StrengthFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitPriorCommandTest {

  private static String line(String id, double strong, double weak) {
    return "{\"id\":\""
        + id
        + "\",\"instruction\":\"q "
        + id
        + "\",\"candidates\":["
        + "{\"model\":\"strong\",\"text\":\"a\",\"win\":"
        + strong
        + "},"
        + "{\"model\":\"weak\",\"text\":\"b\",\"win\":"
        + weak
        + "}]}";
  }

  @Test
  void writesAPriorFileThatModelPriorReads(@TempDir Path dir) throws IOException {
    Path a = dir.resolve("a.jsonl");
    Path b = dir.resolve("b.jsonl");
    Files.write(a, List.of(line("i1", 0.9, 0.2), line("i2", 0.8, 0.1), line("i3", 0.3, 0.6)));
    // i3 again: one instruction seen in two files counts once.
    Files.write(b, List.of(line("i4", 0.7, 0.1), line("i3", 0.3, 0.6)));
    Path out = dir.resolve("out/prior.json");

    Cli.Result r =
        Cli.run(
            "fit-prior", "--data", a.toString(), "--data", b.toString(), "--out", out.toString());

    assertEquals(0, r.code(), r.toString());
    ModelPrior prior = ModelPrior.read(out);
    assertTrue(
        prior.strength("strong").getAsDouble() > 0 && prior.strength("weak").getAsDouble() < 0);
    assertEquals(4, prior.provenance().instructions());
    assertEquals(List.of(a.toString(), b.toString()), prior.provenance().data());
    assertTrue(
        prior.provenance().command().startsWith("blendstream fit-prior --data"),
        prior.provenance().command());
    assertEquals(StrengthFit.BRADLEY_TERRY, prior.method());
    assertTrue(
        r.out().contains("read 4 instructions") && r.out().contains("skipped 1 repeated"), r.out());
    assertTrue(r.out().indexOf("strong") < r.out().indexOf("weak"), r.out());
  }

  @Test
  void theMeanMethodAndItsShrinkageAreTakenFromTheFlags(@TempDir Path dir) throws IOException {
    Path a = dir.resolve("a.jsonl");
    Files.write(a, List.of(line("i1", 0.9, 0.2), line("i2", 0.8, 0.1)));
    Path out = dir.resolve("prior.json");
    Cli.Result r =
        Cli.run(
            "fit-prior",
            "--data",
            a.toString(),
            "--out",
            out.toString(),
            "--method",
            "mean",
            "--l2",
            "3");
    assertEquals(0, r.code(), r.toString());
    ModelPrior prior = ModelPrior.read(out);
    assertEquals(StrengthFit.MEAN, prior.method());
    assertEquals(3.0, prior.l2());
    assertNotEquals(
        0,
        Cli.run("fit-prior", "--data", a.toString(), "--out", out.toString(), "--method", "elo")
            .code());
  }
}

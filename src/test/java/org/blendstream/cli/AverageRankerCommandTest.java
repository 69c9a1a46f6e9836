package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.blendstream.model.builtin.SafeTensors;
import org.blendstream.train.WeightAverageTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AverageRankerCommandTest {

  @Test
  void writesTheEqualWeightAverageOfTwoFilesUnderTheNewVersion(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.safetensors");
    Path b = dir.resolve("b.safetensors");
    SafeTensors.Contents ca = WeightAverageTest.weights("v-a", 320, 1f, 2f, 6f);
    SafeTensors.Contents cb = WeightAverageTest.weights("v-b", 320, 3f, 4f, -6f);
    SafeTensors.write(a, ca.tensors(), ca.metadata());
    SafeTensors.write(b, cb.tensors(), cb.metadata());
    Path out = dir.resolve("soup/avg.safetensors");

    StringWriter text = new StringWriter();
    CommandLine cli = new CommandLine(new AverageRankerCommand());
    cli.setOut(new PrintWriter(text));
    int code =
        cli.execute(
            "--out", out.toString(), "--version-name", "v-soup", a.toString(), b.toString());

    assertEquals(0, code, text.toString());
    SafeTensors.Contents avg = SafeTensors.read(out);
    assertArrayEquals(
        new float[] {3f, 0f}, avg.tensors().get("encoder.layer.5.output.dense.bias").data());
    assertEquals("v-soup", avg.metadata().get("version"));
    assertEquals("0.5 x v-a + 0.5 x v-b", avg.metadata().get("averaged_from"));
    assertNotEquals(
        0,
        cli.execute("--out", out.toString(), "--version-name", "x", a.toString()),
        "one file is not an average");
  }
}

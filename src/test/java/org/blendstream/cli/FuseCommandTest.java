package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FuseCommandTest {

  static final String FIXTURE = "src/test/resources/fixtures/fuser-tiny";

  static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new FuseCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void printsTheFusedTextOfTheFixtureModel() throws Exception {
    String[] r =
        run(
            "--model",
            FIXTURE,
            "--device",
            "cpu",
            "--instruction",
            "Write a short poem about the sea .",
            "--candidate",
            "The sea is blue and very big .",
            "--candidate",
            "Water water everywhere , the sky and the sea .",
            "--candidate",
            "Sea sun and sky .");
    assertEquals("0", r[0], r[2]);
    // the golden beam-4 text of the same prompt (fixture case 1)
    assertEquals(goldenBeam4Text(1), r[1].strip());
  }

  @Test
  void greedyAndShortGenerationFlagsApply() {
    String[] r =
        run(
            "--model",
            FIXTURE,
            "--device",
            "cpu",
            "--instruction",
            "Write a short poem about the sea .",
            "--candidate",
            "The sea is blue and very big .",
            "--beams",
            "1",
            "--max-new-tokens",
            "3");
    assertEquals("0", r[0], r[2]);
    assertFalse(r[1].isBlank());
    assertTrue(r[1].strip().split(" ").length <= 3, r[1]);
  }

  @Test
  void missingModelDirectoryFailsNamingThePath() {
    String[] r = run("--model", "/nonexistent/fuser", "--instruction", "x", "--candidate", "y");
    assertNotEquals("0", r[0]);
    assertTrue(r[2].contains("/nonexistent/fuser"), r[2]);
  }

  static String goldenBeam4Text(int caseIndex) throws java.io.IOException {
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(new java.io.File(FIXTURE, "golden.json"))
        .get("cases")
        .get(caseIndex)
        .get("beam4_text")
        .asText();
  }
}

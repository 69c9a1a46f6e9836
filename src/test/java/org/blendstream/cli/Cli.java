package org.blendstream.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the real command line in-process, as {@code java -jar} would, capturing what it prints and
 * its exit code.
 */
final class Cli {

  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private Cli() {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}

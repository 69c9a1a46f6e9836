package org.blendstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.blendstream.model.builtin.SafeTensors;
import org.blendstream.train.WeightAverage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code average-ranker}: writes the weighted average of built-in ranker weight files, the way the
 * shipped weights were made from two training runs. No model is loaded, so it takes seconds.
 */
@Command(
    name = "average-ranker",
    mixinStandardHelpOptions = true,
    description = "Average built-in ranker weight files (same base, budget and layers) into one.")
public final class AverageRankerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      arity = "2..*",
      paramLabel = "WEIGHTS.safetensors",
      description = "Fine-tuned weight files.")
  List<Path> inputs;

  @Option(
      names = "--weights",
      split = ",",
      paramLabel = "W",
      description = "One weight per file, non-negative, summing to 1 (default: equal weights).")
  double[] weights;

  @Option(
      names = "--version-name",
      required = true,
      description = "Version string written into every ranking made with the averaged weights.")
  String version;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the averaged weights.")
  Path out;

  @Override
  public Integer call() throws IOException {
    double[] w = weights;
    if (w == null) {
      w = new double[inputs.size()];
      Arrays.fill(w, 1.0 / inputs.size());
    }
    List<SafeTensors.Contents> contents = new ArrayList<>();
    for (Path p : inputs) {
      contents.add(SafeTensors.read(p));
    }
    SafeTensors.Contents averaged = WeightAverage.average(contents, w, version);
    SafeTensors.write(out, averaged.tensors(), averaged.metadata());
    PrintWriter o = spec.commandLine().getOut();
    o.printf("wrote %s: %s%n", out.toAbsolutePath(), averaged.metadata().get("averaged_from"));
    o.flush();
    return 0;
  }
}

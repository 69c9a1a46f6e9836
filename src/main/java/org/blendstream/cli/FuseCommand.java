package org.blendstream.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.blendstream.fuse.FusionDeadline;
import org.blendstream.fuse.FusionPrompt;
import org.blendstream.fuse.GenFuser;
import org.blendstream.fuse.GenerationSettings;
import org.blendstream.model.DjlRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code blendstream fuse}: runs a GenFuser model directory once on candidates given as flags, for
 * ad-hoc use.
 */
@Command(
    name = "fuse",
    mixinStandardHelpOptions = true,
    description =
        "Fuse candidate answers into one with a GenFuser model directory and print the result.")
public final class FuseCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      description = "GenFuser model directory (model.pt, tokenizer.json, blendstream-model.json).")
  Path model;

  @Option(
      names = "--instruction",
      required = true,
      description = "The instruction the candidates answer.")
  String instruction;

  @Option(names = "--input", description = "Optional input that goes with the instruction.")
  String input;

  @Option(
      names = "--candidate",
      required = true,
      description = "A candidate answer, best first; repeat the flag for each.")
  List<String> candidates;

  @Option(
      names = "--beams",
      description = "Beams for beam search, 1 for greedy (default: the model's manifest).")
  Integer beams;

  @Option(
      names = "--max-new-tokens",
      description = "Most tokens to generate (default: the model's manifest).")
  Integer maxNewTokens;

  @Option(
      names = "--device",
      defaultValue = "auto",
      description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Override
  public Integer call() {
    UnaryOperator<GenerationSettings> adjust =
        s -> {
          GenerationSettings out = beams == null ? s : s.withNumBeams(beams);
          return maxNewTokens == null ? out : out.withMaxNewTokens(maxNewTokens);
        };
    try (GenFuser fuser = GenFuser.open(model, DjlRuntime.device(device), adjust)) {
      String text =
          fuser
              .fuse(
                  List.of(new FusionPrompt(instruction, input, candidates)), FusionDeadline.none())
              .get(0);
      PrintWriter out = spec.commandLine().getOut();
      out.println(text);
      out.flush();
    }
    return 0;
  }
}

package org.blendstream.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.blendstream.model.DjlRuntime;
import org.blendstream.train.PairTrainer;
import org.blendstream.train.TrainingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train-ranker}: fine-tunes the built-in pairwise ranker on judged candidates, on the CPU.
 * Re-running with the same {@code --out} resumes from its checkpoint.
 */
@Command(
    name = "train-ranker",
    mixinStandardHelpOptions = true,
    description =
        "Fine-tune the built-in MiniLM pair ranker on judged data; resumable from --out's"
            + " checkpoint.")
public final class TrainRankerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE",
      description = "Judged training data (.jsonl[.gz]).")
  Path data;

  @Option(
      names = "--dev",
      paramLabel = "FILE",
      description = "Judged dev data for pair accuracy during training.")
  Path dev;

  @Option(
      names = "--pool",
      required = true,
      split = ",",
      paramLabel = "MODEL",
      description =
          "Models whose candidates the dev check (and, with --train-models pool, training) uses.")
  List<String> pool;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description =
          "Output folder: checkpoint/, dev-log.tsv and the final builtin-ranker.safetensors.")
  Path out;

  @Mixin ModelCacheOption modelCache;

  @Option(
      names = "--train-models",
      defaultValue = "pool",
      description =
          "pool: pairs among the pool's models only; all: among every model's answers (default:"
              + " ${DEFAULT-VALUE}).")
  String trainModels;

  @Option(
      names = "--source-max-length",
      defaultValue = "96",
      description = "Tokens of the source piece (default: ${DEFAULT-VALUE}).")
  int sourceMaxLength;

  @Option(
      names = "--max-length",
      defaultValue = "320",
      description = "Tokens of a whole pair sequence, at most 512 (default: ${DEFAULT-VALUE}).")
  int maxLength;

  @Option(
      names = "--train-layers",
      defaultValue = "2",
      description = "Top encoder layers to fine-tune (default: ${DEFAULT-VALUE}).")
  int trainLayers;

  @Option(
      names = "--batch-size",
      defaultValue = "16",
      description = "Pairs per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--max-steps",
      defaultValue = "1000",
      description = "Steps; also the end of the LR decay (default: ${DEFAULT-VALUE}).")
  int maxSteps;

  @Option(
      names = "--lr",
      defaultValue = "5e-5",
      description = "Peak learning rate of the encoder layers (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(
      names = "--head-lr",
      defaultValue = "5e-4",
      description = "Peak learning rate of the head (default: ${DEFAULT-VALUE}).")
  double headLearningRate;

  @Option(
      names = "--weight-decay",
      defaultValue = "0.01",
      description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(
      names = "--warmup",
      defaultValue = "0.06",
      description = "Warm-up share of --max-steps (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(
      names = "--margin",
      defaultValue = "0.1",
      description = "Skip pairs whose win differs by less (default: ${DEFAULT-VALUE}).")
  double margin;

  @Option(
      names = "--seed",
      defaultValue = "17",
      description = "Seed of pair order and head init (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--dev-every",
      defaultValue = "100",
      description = "Dev check every K steps; 0 never (default: ${DEFAULT-VALUE}).")
  int devEvery;

  @Option(
      names = "--dev-pairs",
      defaultValue = "256",
      description = "Sampled dev pairs per check (default: ${DEFAULT-VALUE}).")
  int devPairs;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "25",
      description = "Checkpoint every K steps (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(
      names = "--max-minutes",
      defaultValue = "0",
      description = "Stop (with a checkpoint) after this many minutes; 0 means no limit.")
  double maxMinutes;

  @Option(
      names = "--steps-this-run",
      defaultValue = "0",
      description =
          "Stop after this many steps (with a checkpoint); re-run to resume. 0: run to"
              + " --max-steps.")
  int stepsThisRun;

  @Option(
      names = "--init",
      paramLabel = "FILE",
      description =
          "Start from earlier fine-tuned weights (e.g. the shipped ones) instead of a fresh head.")
  Path init;

  @Option(
      names = "--version-name",
      paramLabel = "NAME",
      description =
          "Version string written into every ranking made with the weights (default:"
              + " builtin-minilm-pairranker-<seed>); give each release its own, so replays can tell"
              + " them apart.")
  String versionName;

  @Override
  public Integer call() throws Exception {
    DjlRuntime.init();
    if (!"pool".equals(trainModels) && !"all".equals(trainModels)) {
      throw new IllegalArgumentException("--train-models must be pool or all");
    }
    TrainingOptions options =
        new TrainingOptions(
            data,
            dev,
            pool,
            out,
            modelCache.resolve(),
            trainModels,
            sourceMaxLength,
            maxLength,
            trainLayers,
            batchSize,
            maxSteps,
            learningRate,
            headLearningRate,
            weightDecay,
            warmup,
            margin,
            seed,
            devEvery,
            devPairs,
            checkpointEvery,
            maxMinutes,
            stepsThisRun,
            init,
            versionName != null ? versionName : "builtin-minilm-pairranker-" + seed);
    new PairTrainer(options, spec.commandLine().getErr()).run();
    spec.commandLine().getErr().flush();
    return 0;
  }
}

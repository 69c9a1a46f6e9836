package org.blendstream.train;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a training run depends on. A resumed run must be given the same options: the
 * checkpoint records them and refuses to continue under different ones.
 *
 * @param trainModels {@code pool} trains on pairs of the pool's models only, {@code all} on every
 *     model's answers
 * @param stepsThisRun stop this invocation after so many steps (0: run to maxSteps); a later run
 *     resumes
 * @param init earlier fine-tuned weights to start from instead of a fresh head (null: fresh)
 * @param version the version string the weights carry into every ranking's output
 */
public record TrainingOptions(
    Path data,
    Path dev,
    List<String> pool,
    Path out,
    Path baseCache,
    String trainModels,
    int sourceMaxLength,
    int maxTotalLength,
    int trainedLayers,
    int batchSize,
    int maxSteps,
    double learningRate,
    double headLearningRate,
    double weightDecay,
    double warmupFraction,
    double margin,
    long seed,
    int devEvery,
    int devPairs,
    int checkpointEvery,
    double maxMinutes,
    int stepsThisRun,
    Path init,
    String version) {

  /**
   * The options that change what is trained; paths and time limits may differ between a run and its
   * resume.
   */
  public String fingerprint() {
    return String.join(
        "|",
        data.getFileName().toString(),
        String.join(",", pool),
        trainModels,
        Integer.toString(sourceMaxLength),
        Integer.toString(maxTotalLength),
        Integer.toString(trainedLayers),
        Integer.toString(batchSize),
        Integer.toString(maxSteps),
        Double.toString(learningRate),
        Double.toString(headLearningRate),
        Double.toString(weightDecay),
        Double.toString(warmupFraction),
        Double.toString(margin),
        Long.toString(seed),
        init == null ? "fresh" : init.getFileName().toString());
  }
}

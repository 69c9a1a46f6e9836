package org.blendstream.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.model.PairRow;
import org.blendstream.model.builtin.BuiltinPairModel;
import org.blendstream.model.builtin.BuiltinPairTranslator;
import org.blendstream.model.builtin.BuiltinSpec;
import org.blendstream.rank.ModelPairScorer;

/**
 * Fine-tunes the built-in ranker with DJL's trainer: binary cross-entropy on pair logits, the top
 * layers and head trainable, the rest frozen. Prints a progress line per few steps, measures dev
 * pair accuracy every {@code devEvery} steps, and checkpoints (weights, optimizer moments, step) so
 * that an interrupted run resumes where it stopped: the pair order is a pure function of seed and
 * step, so nothing else needs saving.
 */
public final class PairTrainer {

  public static final String FINAL_FILE = "builtin-ranker.safetensors";
  static final String CHECKPOINT_DIR = "checkpoint";

  /**
   * Provenance keys that describe one run; {@link WeightAverage} drops them from an average of
   * runs.
   */
  static final String STEPS_KEY = "steps";

  static final String TRAIN_MODELS_KEY = "train_models";
  static final String DEV_ACCURACY_KEY = "dev_pair_accuracy";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrainingOptions o;
  private final PrintWriter log;

  public PairTrainer(TrainingOptions options, PrintWriter log) {
    this.o = options;
    this.log = log;
  }

  /** Trains until {@code maxSteps} or the time limit; returns the step reached. */
  public int run() throws IOException {
    Path checkpoint = o.out().resolve(CHECKPOINT_DIR);
    Files.createDirectories(checkpoint);
    List<String> trainPool = "pool".equals(o.trainModels()) ? o.pool() : List.of();
    TrainingData train = TrainingData.of(JudgedDataset.read(o.data()), trainPool, o.margin());
    TrainingData dev =
        o.dev() == null ? null : TrainingData.of(JudgedDataset.read(o.dev()), o.pool(), o.margin());
    List<TrainingPairs.Pair> devSample =
        dev == null ? List.of() : dev.pairs().sample(o.seed(), o.devPairs());
    log.printf(
        "train: %d items, %d ordered pairs (|dwin| >= %.2f, %s models); dev sample %d pairs%n",
        train.items(), train.pairs().size(), o.margin(), o.trainModels(), devSample.size());

    boolean resuming = Files.isRegularFile(checkpoint.resolve("state.json"));
    BuiltinSpec spec =
        new BuiltinSpec(o.version(), o.sourceMaxLength(), o.maxTotalLength(), o.trainedLayers());
    try (BuiltinPairModel model =
        resuming
            ? BuiltinPairModel.load(
                o.baseCache(), checkpoint.resolve("weights.safetensors"), Device.cpu())
            : o.init() != null
                ? BuiltinPairModel.continued(o.baseCache(), spec, o.init(), Device.cpu())
                : BuiltinPairModel.fresh(o.baseCache(), spec, o.seed(), Device.cpu())) {
      if (!resuming && model.lengthWeight() == 0f) {
        model.setLengthWeight(fitLengthWeight(model, train));
        log.printf(
            "length weight %.4f, fitted on length alone over the training pairs%n",
            model.lengthWeight());
      }
      Map<String, Parameter> trainable = model.trainable();
      int warmup = (int) Math.round(o.warmupFraction() * o.maxSteps());
      ResumableAdamW optimizer =
          new ResumableAdamW(
              trainable,
              name -> name.startsWith("head.") ? o.headLearningRate() : o.learningRate(),
              (float) o.weightDecay(),
              warmup,
              o.maxSteps());
      int step = 0;
      if (resuming) {
        step = resume(checkpoint, optimizer, model);
        log.printf("resuming from step %d (%s)%n", step, checkpoint);
      }
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
              .optOptimizer(optimizer)
              .optDevices(new Device[] {Device.cpu()});
      try (Trainer trainer = model.model().newTrainer(config)) {
        step = loop(trainer, optimizer, model, train, devSample, dev, checkpoint, step);
      }
      save(checkpoint, optimizer, model, step);
      Map<String, String> provenance = new java.util.LinkedHashMap<>();
      provenance.put(STEPS_KEY, Integer.toString(step));
      provenance.put("seed", Long.toString(o.seed()));
      provenance.put("data", o.data().getFileName().toString());
      provenance.put(TRAIN_MODELS_KEY, o.trainModels());
      if (!devSample.isEmpty()) {
        provenance.put(DEV_ACCURACY_KEY, String.format("%.4f", devAccuracy(model, dev, devSample)));
      }
      model.save(o.out().resolve(FINAL_FILE), provenance);
      log.printf(
          "wrote %s (%d bytes)%n",
          o.out().resolve(FINAL_FILE), Files.size(o.out().resolve(FINAL_FILE)));
      return step;
    }
  }

  private int loop(
      Trainer trainer,
      ResumableAdamW optimizer,
      BuiltinPairModel model,
      TrainingData train,
      List<TrainingPairs.Pair> devSample,
      TrainingData dev,
      Path checkpoint,
      int start)
      throws IOException {
    long began = System.nanoTime();
    double deadline = o.maxMinutes() > 0 ? o.maxMinutes() * 60e9 : Double.POSITIVE_INFINITY;
    int perEpoch = train.pairs().size();
    List<TrainingPairs.Pair> order = null;
    int orderEpoch = -1;
    double lossSum = 0;
    int lossCount = 0;
    int step = start;
    int stop =
        o.stepsThisRun() > 0 ? Math.min(o.maxSteps(), start + o.stepsThisRun()) : o.maxSteps();
    while (step < stop && System.nanoTime() - began < deadline) {
      List<PairRow> rows = new ArrayList<>(o.batchSize());
      float[] labels = new float[o.batchSize()];
      for (int b = 0; b < o.batchSize(); b++) {
        long index = (long) step * o.batchSize() + b;
        int epoch = (int) (index / perEpoch);
        if (epoch != orderEpoch) {
          order = train.pairs().epoch(o.seed(), epoch);
          orderEpoch = epoch;
        }
        TrainingPairs.Pair p = order.get((int) (index % perEpoch));
        rows.add(train.sequence(model, p));
        labels[b] = p.label();
      }
      lossSum += trainStep(trainer, optimizer, model, rows, labels);
      lossCount++;
      step++;
      double elapsed = (System.nanoTime() - began) / 1e9;
      if (step % 5 == 0 || step == stop) {
        double rate = (step - start) * o.batchSize() / elapsed;
        double eta = rate > 0 ? (o.maxSteps() - step) * o.batchSize() / rate : 0;
        log.printf(
            "step %d/%d loss %.4f lr x%.3f pairs/s %.2f elapsed %s ETA %s%n",
            step,
            o.maxSteps(),
            lossSum / lossCount,
            optimizer.schedule(),
            rate,
            clock(elapsed),
            clock(eta));
        lossSum = 0;
        lossCount = 0;
      }
      if (o.checkpointEvery() > 0 && step % o.checkpointEvery() == 0) {
        save(checkpoint, optimizer, model, step);
      }
      if (o.devEvery() > 0 && step % o.devEvery() == 0 && !devSample.isEmpty()) {
        double acc = devAccuracy(model, dev, devSample);
        log.printf(
            "dev step %d pair accuracy %.2f%% on %d pairs%n", step, 100 * acc, devSample.size());
        Files.writeString(
            o.out().resolve("dev-log.tsv"),
            step + "\t" + acc + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
    }
    return step;
  }

  private static float trainStep(
      Trainer trainer,
      ResumableAdamW optimizer,
      BuiltinPairModel model,
      List<PairRow> rows,
      float[] labels) {
    float loss;
    try (NDManager nd = trainer.getManager().newSubManager()) {
      NDList inputs = BuiltinPairTranslator.inputs(nd, rows);
      NDArray target = nd.create(labels);
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDArray logits = trainer.forward(inputs).singletonOrThrow();
        NDArray value = trainer.getLoss().evaluate(new NDList(target), new NDList(logits));
        loss = value.getFloat();
        gc.backward(value);
      }
      optimizer.beginStep();
      trainer.step();
    }
    // PyTorch accumulates gradients across backward passes; each batch must start from zero.
    for (Parameter p : model.trainable().values()) {
      try (NDArray g = p.getArray().getGradient()) {
        g.subi(g);
      }
    }
    return loss;
  }

  private static float fitLengthWeight(BuiltinPairModel model, TrainingData train) {
    // A sample: with every model's answers the pairs run into the millions, and one weight needs
    // far fewer.
    List<TrainingPairs.Pair> all = train.pairs().sample(0, 20_000);
    List<PairRow> rows = new ArrayList<>(all.size());
    float[] labels = new float[all.size()];
    for (int k = 0; k < all.size(); k++) {
      rows.add(train.sequence(model, all.get(k)));
      labels[k] = all.get(k).label();
    }
    return LengthWeightFit.fit(rows, labels);
  }

  /**
   * The share of sampled dev pairs (one order each) whose logit has the sign of the judge's
   * preference.
   */
  static double devAccuracy(
      BuiltinPairModel model, TrainingData dev, List<TrainingPairs.Pair> sample) {
    List<PairRow> rows = new ArrayList<>(sample.size());
    for (TrainingPairs.Pair p : sample) {
      rows.add(dev.sequence(model, p));
    }
    try (ModelPairScorer scorer = new ModelPairScorer(model, 16)) {
      double[] logits = scorer.logitsOfSequences(rows);
      int correct = 0;
      for (int k = 0; k < logits.length; k++) {
        if ((logits[k] > 0) == (sample.get(k).label() > 0.5f)) {
          correct++;
        }
      }
      return (double) correct / logits.length;
    }
  }

  private void save(Path checkpoint, ResumableAdamW optimizer, BuiltinPairModel model, int step)
      throws IOException {
    model.save(checkpoint.resolve("weights.safetensors"));
    optimizer.save(checkpoint.resolve("optimizer.safetensors"));
    ObjectNode state =
        JSON.createObjectNode().put("step", step).put("fingerprint", o.fingerprint());
    Path tmp = checkpoint.resolve("state.json.tmp");
    JSON.writeValue(tmp.toFile(), state);
    Files.move(
        tmp,
        checkpoint.resolve("state.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private int resume(Path checkpoint, ResumableAdamW optimizer, BuiltinPairModel model)
      throws IOException {
    var state = JSON.readTree(checkpoint.resolve("state.json").toFile());
    if (!o.fingerprint().equals(state.get("fingerprint").asText())) {
      throw new IllegalStateException(
          "the checkpoint in "
              + checkpoint
              + " was made with other options ("
              + state.get("fingerprint").asText()
              + "); use the same options or another --out");
    }
    optimizer.load(checkpoint.resolve("optimizer.safetensors"), model.model().getNDManager());
    return state.get("step").asInt();
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}

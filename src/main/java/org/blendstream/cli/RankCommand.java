package org.blendstream.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.blendstream.BlendConfig;
import org.blendstream.SharedSupplier;
import org.blendstream.avro.AssemblyReason;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankerInfo;
import org.blendstream.avro.Request;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Rankers;
import org.blendstream.rank.Ranking;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rank}: ranks a few candidate answers ad hoc, with the default ranker, or with {@code
 * --model DIR}, a model directory ranked by the ranker its manifest's kind names (a PairRanker or a
 * reward model).
 */
@Command(
    name = "rank",
    mixinStandardHelpOptions = true,
    description =
        "Rank candidate answers (the default ranker, or a PairRanker or reward --model) and print"
            + " the matrix (pair models), scores and order.")
public final class RankCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConfigOptions options;

  @Option(
      names = "--ranker",
      paramLabel = "NAME",
      description =
          "Any ranker name (default: with --model, pairranker or reward as the model's manifest"
              + " says; else the default, ensemble).")
  String ranker;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "PairRanker or reward model directory.")
  Path model;

  @Option(
      names = "--prompt",
      required = true,
      description = "The instruction the candidates answer.")
  String prompt;

  @Option(names = "--input", description = "Optional input that goes with the instruction.")
  String input;

  @Option(
      names = "--candidate",
      required = true,
      paramLabel = "TEXT",
      description = "A candidate answer; repeat for each candidate.")
  List<String> candidates;

  @Option(
      names = "--aggregation",
      description = "Pair models only: maxlogits, maxwins or bubble (default: maxlogits).")
  String aggregation;

  @Option(names = "--device", description = "auto, cpu, gpu or gpu:N (default: auto).")
  String device;

  @Option(names = "--batch-size", description = "Sequences per forward pass (default: 16).")
  Integer batchSize;

  @Option(
      names = "--request-id",
      defaultValue = "cli",
      description = "Request id; seeds bubble's walk order.")
  String requestId;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    // The flags are config keys, so that -D and a --config file set the same things the pipeline
    // reads.
    Map<String, Object> flags = new HashMap<>();
    flags.put(BlendConfig.RANKER, ranker);
    flags.put(BlendConfig.RANKER_MODEL_DIR, model == null ? null : model.toString());
    flags.put(BlendConfig.RANKER_AGGREGATION, aggregation);
    flags.put(BlendConfig.DEVICE, device);
    flags.put(BlendConfig.RANKER_BATCH_SIZE, batchSize);
    BlendConfig config = options.load(Map.of(), flags);
    if (aggregation != null && !Rankers.comparesPairs(Rankers.resolve(config))) {
      throw new ParameterException(
          spec.commandLine(),
          "--aggregation applies to pair models (pairranker, builtin); "
              + Rankers.resolve(config)
              + " scores each candidate on its own");
    }
    try (SharedSupplier<Ranker> rankers = Rankers.supplier(config);
        Ranker r = rankers.get()) {
      Ranking ranking = r.rank(candidateSet());
      print(out, r.info(), ranking);
    }
    out.flush();
    return 0;
  }

  private CandidateSet candidateSet() {
    long now = System.currentTimeMillis();
    Request request =
        Request.newBuilder()
            .setRequestId(requestId)
            .setInstruction(prompt)
            .setInput(input)
            .setCreatedAt(now)
            .build();
    List<Candidate> list = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      list.add(
          Candidate.newBuilder()
              .setRequestId(requestId)
              .setModel("c" + i)
              .setText(candidates.get(i))
              .setCreatedAt(now)
              .build());
    }
    return CandidateSet.newBuilder()
        .setRequestId(requestId)
        .setRequest(request)
        .setCandidates(list)
        .setComplete(true)
        .setFirstArrivalAt(now)
        .setAssembledAt(now)
        .setReason(AssemblyReason.ALL_ARRIVED)
        .build();
  }

  private void print(PrintWriter out, RankerInfo info, Ranking r) {
    int n = r.models().size();
    out.println("ranker " + RankerLabel.of(info));
    out.println("candidates:");
    for (int i = 0; i < n; i++) {
      out.printf("  %-4s %s%n", r.models().get(i), abbreviate(candidates.get(i)));
    }
    if (r.comparedPairs() > 0) {
      printMatrix(out, r);
    } else {
      out.println("matrix: none (" + info.getName() + " compares no pairs)");
    }
    out.println("scores:");
    int[] ranks = r.ranks();
    for (int i : r.order()) {
      out.printf("  rank %d  %-4s %8.4f%n", ranks[i], r.models().get(i), r.scores()[i]);
    }
    StringBuilder order =
        new StringBuilder(
            r.fullRanking() ? "order:" : "order (partial: only the best is certain):");
    for (int i : r.order()) {
      order.append(' ').append(r.models().get(i));
    }
    out.println(order);
  }

  private static void printMatrix(PrintWriter out, Ranking r) {
    int n = r.models().size();
    out.println(
        "matrix (logit with the row as candidate 1 and the column as candidate 2; > 0: row better;"
            + " - : not compared):");
    StringBuilder header = new StringBuilder("      ");
    for (String m : r.models()) {
      header.append(String.format("%10s", m));
    }
    out.println(header);
    for (int i = 0; i < n; i++) {
      StringBuilder row = new StringBuilder(String.format("  %-4s", r.models().get(i)));
      for (int j = 0; j < n; j++) {
        Double v = r.matrix()[i][j];
        row.append(v == null ? String.format("%10s", "-") : String.format("%10.4f", v));
      }
      out.println(row);
    }
  }

  private static String abbreviate(String text) {
    String one = text.replace('\n', ' ');
    return one.length() <= 70 ? one : one.substring(0, 67) + "...";
  }
}

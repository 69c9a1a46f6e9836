package org.blendstream.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.blendstream.BlendConfig;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.eval.ReplayComparison;
import org.blendstream.ingest.CandidatePublisher;
import org.blendstream.ingest.RequestPublisher;
import org.blendstream.runtime.Progress;
import org.blendstream.runtime.TopicSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Publishes a judged dataset as a stream: its requests, and each model's answers on that model's
 * topic.
 */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description =
        "Publish a judged-candidates dataset (JSONL, format in"
            + " src/main/resources/samples/README.md) to a running cluster: requests plus one topic"
            + " per model.")
final class ProduceCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConfigOptions options;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE",
      description = "Dataset file (.jsonl or .jsonl.gz).")
  Path data;

  @Option(
      names = "--pool",
      split = ",",
      paramLabel = "MODEL",
      description = "Only these models (default: all in the file).")
  List<String> pool;

  @Option(names = "--limit", paramLabel = "N", description = "Publish at most N instructions.")
  Integer limit;

  @Override
  public Integer call() throws Exception {
    BlendConfig config = options.loadCluster(spec, Map.of());
    List<JudgedDataset.Item> items = JudgedDataset.read(data);
    if (limit != null) {
      items = items.subList(0, Math.min(limit, items.size()));
    }
    List<String> models = new ArrayList<>();
    items.forEach(
        it ->
            it.byModel().keySet().stream()
                .filter(m -> pool == null || pool.contains(m))
                .filter(m -> !models.contains(m))
                .forEach(models::add));
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
      TopicSetup topics = new TopicSetup(config, admin);
      models.forEach(topics::createCandidateTopic);
    }
    Progress progress = new Progress("produce", items.size());
    Map<String, CandidatePublisher> publishers = new java.util.LinkedHashMap<>();
    try (RequestPublisher requests = new RequestPublisher(config)) {
      for (JudgedDataset.Item item : items) {
        List<String> present = item.byModel().keySet().stream().filter(models::contains).toList();
        requests.publish(item.id(), item.instruction(), item.reference(), present, null);
        for (String m : present) {
          // The judge's score rides along, so that `replay --compare` can say whether a changed
          // selection is better.
          JudgedDataset.Judged answer = item.byModel().get(m);
          publishers
              .computeIfAbsent(m, x -> new CandidatePublisher(config, x))
              .publish(
                  item.id(),
                  answer.text(),
                  item.instruction(),
                  null,
                  Map.of(ReplayComparison.JUDGE_SCORE, Double.toString(answer.win())));
        }
        progress.step();
      }
      requests.flush();
      publishers.values().forEach(CandidatePublisher::flush);
    } finally {
      publishers.values().forEach(CandidatePublisher::close);
    }
    progress.done();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "published %d requests and their candidates from %d models%n", items.size(), models.size());
    out.flush();
    return 0;
  }
}

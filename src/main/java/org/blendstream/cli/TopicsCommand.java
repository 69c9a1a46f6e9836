package org.blendstream.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.blendstream.BlendConfig;
import org.blendstream.runtime.TopicSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Checks, or creates, the topics of a real cluster; the pipeline itself only checks in cluster
 * mode.
 */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description =
        "Check that blendstream's topics exist on a cluster, or create them with --create.")
final class TopicsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConfigOptions options;

  @Option(
      names = "--create",
      description = "Create the missing topics (partitions from topic.partitions).")
  boolean create;

  @Override
  public Integer call() {
    BlendConfig config = options.load(Map.of(), Map.of());
    if (config.embeddedBroker()) {
      throw new ParameterException(
          spec.commandLine(),
          "topics needs --bootstrap-servers (the embedded broker creates its topics itself)");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
      TopicSetup topics = new TopicSetup(config, admin);
      if (create) {
        topics.createTopics();
      } else {
        topics.requireFixedTopics();
      }
      // A missing topic throws TopicSetup.MissingTopicsException, which exits 1 naming the topics.
      out.println(
          (create ? "created or found: " : "all present: ")
              + String.join(", ", topics.fixedTopics()));
      out.flush();
      return 0;
    }
  }
}

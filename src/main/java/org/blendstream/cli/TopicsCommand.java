package org.blendstream.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.blendstream.BlendConfig;
import org.blendstream.runtime.TopicSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Checks, or creates, the topics of a real cluster; the pipeline itself only checks in cluster mode. */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "Check that blendstream's topics exist on a cluster, or create them with --create.")
final class TopicsCommand implements Callable<Integer> {

  @Mixin
  ConfigOptions options;

  @Option(names = "--create", description = "Create the missing topics (partitions from topic.partitions).")
  boolean create;

  @Override
  public Integer call() {
    BlendConfig config = options.load(Map.of(), Map.of());
    if (config.embeddedBroker()) {
      System.err.println("topics needs --bootstrap-servers (the embedded broker creates its topics itself)");
      return 2;
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
      TopicSetup topics = new TopicSetup(config, admin);
      if (create) {
        topics.createTopics();
      } else {
        topics.requireFixedTopics();
      }
      System.out.println((create ? "created or found: " : "all present: ") + config.topics().fixed());
      return 0;
    } catch (RuntimeException e) {
      System.err.println(e.getMessage());
      return 1;
    }
  }
}

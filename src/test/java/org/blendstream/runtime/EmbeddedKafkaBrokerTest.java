package org.blendstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

  @TempDir Path dir;

  @Test
  void brokerKeepsPortClusterIdAndTopicsAcrossRestart() throws Exception {
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir.resolve("kafka"), 0);
    long t0 = System.nanoTime();
    broker.start();
    System.out.println("first start ms " + (System.nanoTime() - t0) / 1_000_000);
    String bootstrap = broker.bootstrapServers();
    String clusterId;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      clusterId = admin.describeCluster().clusterId().get();
      admin.createTopics(List.of(new NewTopic("kept", 2, (short) 1))).all().get();
    }
    broker.close();
    t0 = System.nanoTime();
    broker.start();
    System.out.println("restart ms " + (System.nanoTime() - t0) / 1_000_000);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      assertEquals(bootstrap, broker.bootstrapServers());
      assertEquals(clusterId, admin.describeCluster().clusterId().get());
      assertEquals(2, admin.describeTopics(List.of("kept")).allTopicNames().get().get("kept").partitions().size());
    } finally {
      broker.close();
    }
  }
}

package org.blendstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.avro.BlendMode;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.ModelPriors;
import org.blendstream.avro.ModelStrength;
import org.blendstream.avro.RankedModel;
import org.blendstream.avro.RankerInfo;
import org.blendstream.avro.Timings;
import org.blendstream.emit.BlendedResponseView;
import org.blendstream.ingest.AvroSerdeFactory;
import org.blendstream.runtime.KafkaTestCluster;
import org.blendstream.runtime.TopicSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

@IntegrationTest
class WatchCommandTest {

  @RegisterExtension static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  private static BlendConfig topics(String prefix) throws Exception {
    BlendConfig config = KAFKA.config(Map.of(BlendConfig.TOPIC_PREFIX, prefix));
    try (Admin admin = KAFKA.admin()) {
      new TopicSetup(config, admin).createTopics();
    }
    return config;
  }

  private static BlendedResponse answer(String id, double score) {
    return BlendedResponse.newBuilder()
        .setRequestId(id)
        .setText("answer of " + id)
        .setMode(BlendMode.SELECTED)
        .setSelectedModel("m1")
        .setRanked(List.of(new RankedModel("m1", score, 1), new RankedModel("m2", -score, 2)))
        .setRanker(
            RankerInfo.newBuilder()
                .setName("builtin")
                .setVersion("builtin-minilm-pairranker-v4")
                .setAggregation("maxlogits")
                .build())
        .setTimings(new Timings(3L, 40L, null))
        .setComplete(true)
        .build();
  }

  /**
   * Publishes each answer in its own transaction; those named in {@code aborted} are rolled back.
   */
  private static void publish(BlendConfig config, List<String> ids, List<String> aborted) {
    try (KafkaProducer<String, BlendedResponse> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "watch-test-" + System.nanoTime()),
            new StringSerializer(),
            AvroSerdeFactory.from(config).serde(BlendedResponse.class, config).serializer())) {
      producer.initTransactions();
      for (String id : ids) {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(config.topics().blended(), id, answer(id, 1304.5)));
        producer.flush();
        if (aborted.contains(id)) {
          producer.abortTransaction();
        } else {
          producer.commitTransaction();
        }
      }
    }
  }

  private static CommandLine cli(StringWriter out, StringWriter err) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli;
  }

  private static String[] watch(BlendConfig config, String prefix, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "watch",
                "--bootstrap-servers",
                config.bootstrapServers(),
                "--schema-registry",
                config.schemaRegistryUrl(),
                "-D",
                "topic.prefix=" + prefix));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void fromTheBeginningPrintsTheCommittedAnswersAsTheDemoDoesAndSkipsAbortedOnes()
      throws Exception {
    BlendConfig config = topics("watcha");
    publish(config, List.of("w1", "w-aborted", "w2"), List.of("w-aborted"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        cli(out, err)
            .execute(watch(config, "watcha", "--from-beginning", "--max", "3", "--timeout", "5"));
    String text = out.toString();
    assertEquals(0, code, err.toString());
    assertTrue(text.contains("w1  SELECTED  m1  complete"), text);
    assertTrue(text.contains("w2  SELECTED  m1  complete"), text);
    assertFalse(text.contains("w-aborted"), "read_committed hides the aborted answer: " + text);
    assertTrue(text.contains("scores: 1.m1=1304.500  2.m2=-1304.500"), text);
    assertTrue(text.contains("ranker builtin-minilm-pairranker-v4 (maxlogits)"), text);
    assertEquals(
        BlendedResponseView.toText(answer("w1", 1304.5))
            + BlendedResponseView.toText(answer("w2", 1304.5)),
        text,
        "the demo's rendering, nothing else on the console");
    assertTrue(err.toString().contains("2 answers"), err.toString());
  }

  @Test
  void withoutFromBeginningOnlyAnswersCommittedAfterItStartsArePrinted() throws Exception {
    BlendConfig config = topics("watchb");
    publish(config, List.of("old1"), List.of());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> code =
        CompletableFuture.supplyAsync(
            () -> cli(out, err).execute(watch(config, "watchb", "--max", "1", "--timeout", "60")));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!err.toString().contains("watching") && System.nanoTime() < until && !code.isDone()) {
      Thread.sleep(20);
    }
    publish(config, List.of("new1"), List.of());
    assertEquals(0, code.get(90, TimeUnit.SECONDS), err.toString());
    assertTrue(out.toString().contains("new1  SELECTED"), out.toString());
    assertFalse(out.toString().contains("old1"), out.toString());
  }

  @Test
  void withPriorsPrintsTheLearnedStrengthsStrongestFirst() throws Exception {
    BlendConfig config =
        KAFKA.config(
            Map.of(BlendConfig.TOPIC_PREFIX, "watchp", BlendConfig.FEEDBACK_ENABLED, true));
    try (Admin admin = KAFKA.admin()) {
      new TopicSetup(config, admin).createTopics();
    }
    try (KafkaProducer<String, ModelPriors> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
            new StringSerializer(),
            AvroSerdeFactory.from(config).serde(ModelPriors.class, config).serializer())) {
      for (long v = 1; v <= 2; v++) {
        producer
            .send(
                new ProducerRecord<>(
                    config.topics().modelPriors(),
                    "priors",
                    new ModelPriors(
                        v,
                        "bradley-terry",
                        200.0,
                        0L,
                        Map.of(
                            "m1",
                            new ModelStrength(-0.25 * v, v),
                            "m2",
                            new ModelStrength(0.25 * v, v)))))
            .get();
      }
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        cli(out, err)
            .execute(
                watch(
                    config,
                    "watchp",
                    "--priors",
                    "--from-beginning",
                    "--max",
                    "2",
                    "--timeout",
                    "5"));
    assertEquals(0, code, err.toString());
    String text = out.toString();
    assertTrue(text.contains("priors v2  bradley-terry, half-life 200.0 records"), text);
    assertTrue(
        text.indexOf("m2                               strength +0.500  feedback 2")
            < text.indexOf("m1                               strength -0.500  feedback 2"),
        text);
    assertTrue(text.contains("m2                               strength +0.500  feedback 2"), text);
    assertTrue(
        err.toString().contains("watching watchp.model-priors")
            && err.toString().contains("2 priors records"),
        err.toString());
  }

  @Test
  void refusesToStartAnEmbeddedBroker() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(2, cli(out, err).execute("watch", "--max", "1"));
    assertTrue(err.toString().contains("--bootstrap-servers"), err.toString());
  }
}

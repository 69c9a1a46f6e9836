package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.ingest.CandidatePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ops endpoint over a running pipeline on the embedded broker, scraped over HTTP as Prometheus
 * would.
 */
@IntegrationTest
class OpsEndpointTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dataDir;

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The value of the one sample whose name and labels start as given, or NaN if there is none. */
  private static double sample(String scrape, String nameAndLabels) {
    Matcher m =
        Pattern.compile(
                "^" + Pattern.quote(nameAndLabels) + "[^ ]* ([0-9.eE+-]+|NaN)$", Pattern.MULTILINE)
            .matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  @Test
  void servesOwnAndKafkaStreamsMetricsTurnsReadyOnceBothAppsRunAndFollowsAReplacedAssemblyApp()
      throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put(BlendConfig.DATA_DIR, dataDir.toString());
    props.put(BlendConfig.MODELS, "a,b");
    props.put(BlendConfig.DEADLINE_MS, 1500L);
    props.put(BlendConfig.RANKER, "longest");
    props.put(BlendConfig.TOPIC_PARTITIONS, 1);
    props.put(BlendConfig.EMBEDDED_KAFKA_PORT, 0);
    props.put(BlendConfig.EMBEDDED_REGISTRY_PORT, 0);
    props.put(BlendConfig.METRICS_PORT, 0);
    BlendConfig config = new BlendConfig(props);
    try (BlendApp app = BlendApp.start(config);
        OpsEndpoint ops = OpsEndpoint.start(app.config(), app)) {
      URI metrics = ops.metricsUrl();
      URI ready = metrics.resolve("/health/ready");
      HttpResponse<String> early = get(ready);
      assertEquals(
          503,
          early.statusCode(),
          "just started, the apps are still joining their groups: " + early.body());
      assertEquals(200, get(metrics.resolve("/health/live")).statusCode());
      assertEquals(404, get(metrics.resolve("/health/lively")).statusCode());

      app.awaitRunning(Duration.ofSeconds(60));
      HttpResponse<String> up = get(ready);
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (up.statusCode() != 200 && System.nanoTime() < until) {
        Thread.sleep(100);
        up = get(ready);
      }
      assertEquals(200, up.statusCode(), up.body());
      assertTrue(
          up.body().contains("\"assemble\":\"RUNNING\"")
              && up.body().contains("\"blend\":\"RUNNING\""),
          up.body());

      BlendConfig live = app.config();
      try (KafkaProducer<String, byte[]> raw =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, live.bootstrapServers()),
              new StringSerializer(),
              new ByteArraySerializer())) {
        raw.send(
                new ProducerRecord<>(
                    live.topics().candidates("a"), "bad", new byte[] {42, 1, 2, 3}))
            .get();
      }
      try (CandidatePublisher a = new CandidatePublisher(live, "a");
          CandidatePublisher b = new CandidatePublisher(live, "b")) {
        a.publish("both", "short", "Name a colour.", 5L).get();
        b.publish("both", "a longer answer", "Name a colour.", 5L).get();
        a.publish("only-a", "alone", "Name a colour.", 5L)
            .get(); // b never answers: closes at the deadline
      }
      List<BlendedResponse> blended =
          BlendPipelineEndToEndTest.readCommitted(
              live, live.topics().blended(), BlendedResponse.class, 2, Duration.ofSeconds(60));
      assertEquals(2, blended.size());

      // The assembler's Streams sensors reach the registry at the binders' next refresh.
      String scrape = get(metrics).body();
      until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (Double.isNaN(sample(scrape, "blendstream_assembly_sets_complete_total"))
          && System.nanoTime() < until) {
        Thread.sleep(500);
        scrape = get(metrics).body();
      }
      assertEquals(1.0, sample(scrape, "blendstream_assembly_sets_complete_total"), scrape);
      assertEquals(1.0, sample(scrape, "blendstream_assembly_sets_deadline_total"));
      assertTrue(
          Pattern.compile(
                  "^blendstream_assembly_sets_deadline_total\\{[^}]*task=\"0_0\"",
                  Pattern.MULTILINE)
              .matcher(scrape)
              .find(),
          "the assembler's counters name their task");
      assertEquals(1.0, sample(scrape, "blendstream_blended_total{mode=\"selected\""));
      assertEquals(1.0, sample(scrape, "blendstream_blended_total{mode=\"passthrough\""));
      assertEquals(1.0, sample(scrape, "blendstream_fallbacks_total{reason=\"set_too_small\""));
      assertEquals(2.0, sample(scrape, "blendstream_ranking_seconds_count{ranker=\"longest\""));
      assertEquals(
          1.0, sample(scrape, "blendstream_end_to_end_seconds_count{closed_by=\"all_arrived\""));
      assertEquals(
          1.0, sample(scrape, "blendstream_end_to_end_seconds_count{closed_by=\"deadline\""));
      assertEquals(1.0, sample(scrape, "blendstream_dead_letters_total{class=\"deserialization\""));
      assertEquals(1.0, sample(scrape, "blendstream_model_info{name=\"longest\",role=\"ranker\""));
      assertTrue(
          scrape.contains("\nkafka_stream_thread_process_total{"), "Kafka Streams' thread metrics");
      assertTrue(
          scrape.contains("app=\"assemble\"") && scrape.contains("app=\"blend\""),
          "both apps are bound");
      assertTrue(scrape.contains("\njvm_memory_used_bytes{"), "JVM metrics");
      assertTrue(
          sample(scrape, "blendstream_frontier_probe_age_seconds") < 5, "the input probe answers");

      // A new model's topic makes the app replace its assembly KafkaStreams: the binder follows the
      // new one, whose
      // thread has processed nothing yet (its input is all committed), and drops the closed one.
      String processed = "kafka_stream_thread_process_total{app=\"assemble\"";
      assertTrue(sample(scrape, processed) >= 3, scrape);
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, live.bootstrapServers()))) {
        admin
            .createTopics(List.of(new NewTopic(live.topics().candidates("c"), 1, (short) 1)))
            .all()
            .get();
      }
      until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (sample(scrape, processed) != 0.0 && System.nanoTime() < until) {
        Thread.sleep(200);
        scrape = get(metrics).body();
      }
      assertEquals(0.0, sample(scrape, processed), "the replaced assembly app is bound");
      assertEquals(
          1,
          Pattern.compile(
                  "^kafka_stream_alive_stream_threads\\{app=\"assemble\"", Pattern.MULTILINE)
              .matcher(scrape)
              .results()
              .count(),
          "one assembly app in the scrape");
      up = get(ready);
      while (up.statusCode() != 200 && System.nanoTime() < until) {
        Thread.sleep(100);
        up = get(ready);
      }
      assertEquals(200, up.statusCode(), up.body());
    }
  }
}

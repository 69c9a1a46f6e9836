package org.blendstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.blendstream.BlendConfig;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.emit.BlendedResponseView;
import org.blendstream.ingest.AvroSerdeFactory;
import org.blendstream.ingest.CandidatePublisher;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.ingest.RequestPublisher;
import org.blendstream.BlendApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The runnable documentation of the pipeline: starts the embedded broker, registry and pipeline,
 * plays the bundled sample as N requests answered by one producer per model with seeded arrival
 * jitter (one model misses some requests, so deadlines fire), and prints the blended answers.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the embedded pipeline on the bundled sample and print the blended answers.")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {

  @Mixin
  ConfigOptions options;

  @Option(names = "--requests", defaultValue = "20", description = "How many requests to play (default ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--models", split = ",", description = "Models to play from the sample (default: all 8).")
  List<String> models;

  @Option(names = "--ranker", description = "Ranking strategy (auto, builtin, pairranker, random, longest); default from config.")
  String ranker;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write each blended answer as a JSON line.")
  Path out;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of the arrival jitter (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--deadline-ms", defaultValue = "1500", description = "Per-request deadline (default ${DEFAULT-VALUE}).")
  long deadlineMs;

  @Override
  public Integer call() throws Exception {
    List<JudgedDataset.Item> sample = JudgedDataset.bundledSample();
    List<String> pool = models != null ? models : new ArrayList<>(sample.get(0).byModel().keySet());
    Path dataDir = options.dataDir != null ? Path.of(options.dataDir) : Files.createTempDirectory("blendstream-demo");
    Map<String, Object> flags = new HashMap<>();
    flags.put(BlendConfig.DATA_DIR, dataDir.toString());
    flags.put(BlendConfig.MODELS, String.join(",", pool));
    if (ranker != null) {
      flags.put(BlendConfig.RANKER, ranker);
    }
    // Free ports: the demo must not collide with a `run` (or anything else) already on 9092/8081.
    BlendConfig config = options.load(Map.of(BlendConfig.TOPIC_PARTITIONS, "1", BlendConfig.EMBEDDED_KAFKA_PORT, "0",
        BlendConfig.EMBEDDED_REGISTRY_PORT, "0"), flags);
    String run = Long.toString(System.currentTimeMillis(), 36);
    long started = System.nanoTime();
    List<BlendedResponse> answers;
    try (BlendApp app = BlendApp.start(config)) {
      app.awaitRunning(Duration.ofSeconds(60));
      BlendConfig live = app.config();
      try (KafkaConsumer<String, BlendedResponse> consumer = blendedConsumer(live)) {
        consumer.subscribe(List.of(live.topics().blended()));
        consumer.poll(Duration.ofMillis(200)); // join the group before anything is published
        publish(live, sample, pool, run);
        answers = collect(consumer, Duration.ofMillis(Math.max(120_000, deadlineMs * 4)));
      }
    }
    Map<String, JudgedDataset.Item> byRequest = new HashMap<>();
    for (int i = 0; i < requests; i++) {
      byRequest.put(requestId(run, i), sample.get(i % sample.size()));
    }
    ObjectMapper json = new ObjectMapper();
    try (BufferedWriter w = out == null ? null : Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (BlendedResponse r : answers) {
        System.out.print(BlendedResponseView.toText(r));
        if (w != null) {
          w.write(json.writeValueAsString(BlendedResponseView.toMap(r)));
          w.newLine();
        }
      }
    }
    new DemoSummary(answers, byRequest, pool).print(System.out, (System.nanoTime() - started) / 1e9);
    if (out != null) {
      System.out.println("wrote " + answers.size() + " JSON lines to " + out.toAbsolutePath());
    }
    return answers.size() == requests ? 0 : 1;
  }

  private static String requestId(String run, int i) {
    return "demo-" + run + "-" + String.format("%03d", i);
  }

  /**
   * Each model answers on its own producer and schedule: a seeded per-model base latency plus jitter,
   * and the last model skips every third request so that its sets close at the deadline.
   */
  private void publish(BlendConfig config, List<JudgedDataset.Item> sample, List<String> pool, String run) throws Exception {
    Map<String, CandidatePublisher> publishers = new LinkedHashMap<>();
    pool.forEach(m -> publishers.put(m, new CandidatePublisher(config, m)));
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(pool.size());
    String laggard = pool.get(pool.size() - 1);
    try (RequestPublisher requestPublisher = new RequestPublisher(config)) {
      for (int i = 0; i < requests; i++) {
        JudgedDataset.Item item = sample.get(i % sample.size());
        String id = requestId(run, i);
        long sentAt = i * 150L;
        scheduler.schedule(() -> requestPublisher.publish(id, item.instruction(), item.reference(), pool, deadlineMs),
            sentAt, TimeUnit.MILLISECONDS);
        for (int m = 0; m < pool.size(); m++) {
          String model = pool.get(m);
          if (model.equals(laggard) && i % 3 == 1) {
            continue; // this model never answers: the deadline must close the set
          }
          Random jitter = new Random(seed * 31 + (long) m * 1_000_003 + i);
          long latency = 40L * m + (long) (jitter.nextDouble() * 600);
          JudgedDataset.Judged answer = item.byModel().get(model);
          if (answer != null) {
            scheduler.schedule(() -> publishers.get(model).publish(id, answer.text(), item.instruction(), latency),
                sentAt + latency, TimeUnit.MILLISECONDS);
          }
        }
      }
      scheduler.shutdown();
      scheduler.awaitTermination(5, TimeUnit.MINUTES);
      requestPublisher.flush();
      publishers.values().forEach(CandidatePublisher::flush);
    } finally {
      publishers.values().forEach(CandidatePublisher::close);
    }
  }

  /** Waits as long as answers keep coming: a model ranker on a CPU may need seconds per set. */
  private List<BlendedResponse> collect(KafkaConsumer<String, BlendedResponse> consumer, Duration stall) {
    Map<String, BlendedResponse> answers = new LinkedHashMap<>();
    long lastProgress = System.nanoTime();
    Progress progress = new Progress("blended", requests);
    while (answers.size() < requests && System.nanoTime() - lastProgress < stall.toNanos()) {
      for (ConsumerRecord<String, BlendedResponse> rec : consumer.poll(Duration.ofMillis(100))) {
        if (answers.putIfAbsent(rec.key(), rec.value()) == null) {
          progress.step();
          lastProgress = System.nanoTime();
        }
      }
    }
    progress.done();
    if (answers.size() < requests) {
      System.err.printf("only %d of %d blended answers arrived; none for %s%n", answers.size(), requests, stall);
    }
    List<BlendedResponse> sorted = new ArrayList<>(answers.values());
    sorted.sort(java.util.Comparator.comparing(BlendedResponse::getRequestId));
    return sorted;
  }

  private static KafkaConsumer<String, BlendedResponse> blendedConsumer(BlendConfig config) {
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "blendstream-demo-" + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        // Only committed transactions: what exactly-once downstream consumers would see.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(props, new StringDeserializer(),
        AvroSerdeFactory.from(config).serde(BlendedResponse.class, config).deserializer());
  }

}

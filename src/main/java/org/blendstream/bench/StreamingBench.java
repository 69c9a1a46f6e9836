package org.blendstream.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.blendstream.BlendConfig;
import org.blendstream.app.AnswerFeed;
import org.blendstream.app.BlendApp;
import org.blendstream.app.DemoDataDir;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.ingest.CandidatePublisher;
import org.blendstream.rank.Ranker;

/**
 * The whole path through the embedded broker, against the ranker alone on the same sets.
 * Throughput: every candidate of a batch of sets is produced at once and the answers are read with
 * read_committed, as a downstream consumer sees them. Latency: sets are produced one at a time,
 * further apart than the model needs for one, so that no set queues behind another, and each is
 * timed from its last candidate's produce timestamp (the broker's record timestamp, the producer's
 * clock) to the moment its blended answer is read.
 */
final class StreamingBench {

  /** What one run measured. */
  record Result(
      double e2eSetsPerSecond,
      double modelOnlySetsPerSecond,
      double besideIdleSetsPerSecond,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double modelP50Ms,
      double besideIdleP50Ms,
      double throughputRankingP50Ms,
      int throughputSets,
      int latencySets,
      long spacingMs,
      double startSeconds,
      Paced paced) {}

  /**
   * Each paced set's latency, and what its answer's own timings say of it: the assembler's time
   * from the first candidate to the emitted set, and the ranking inside the pipeline; the rest is
   * the Kafka path (produce, two exactly-once commits, two fetches).
   */
  record Paced(double[] latencyMs, double[] assemblyMs, double[] rankingMs) {
    double[] restMs() {
      double[] rest = new double[latencyMs.length];
      for (int k = 0; k < rest.length; k++) {
        rest[k] = latencyMs[k] - assemblyMs[k] - rankingMs[k];
      }
      return rest;
    }
  }

  private StreamingBench() {}

  /**
   * {@code ranker} is timed alone first; {@code config} must name the same ranker for the pipeline,
   * the models of the sets, and a deadline long enough that every set closes complete.
   */
  static Result run(
      BlendConfig config,
      Ranker ranker,
      List<CandidateSet> throughputSets,
      List<CandidateSet> latencySets,
      PrintWriter progress)
      throws Exception {
    ranker.rank(throughputSets.get(0));
    ModelOnly before = modelOnly(ranker, throughputSets, latencySets);
    progress.printf(
        "  model only: %.2f sets/s, p50 %.0f ms per set; starting the embedded pipeline ...%n",
        before.setsPerSecond(), percentile(before.perSetMs(), 50));
    progress.flush();

    try (DemoDataDir dataDir = DemoDataDir.temporary(false)) {
      long starting = System.nanoTime();
      BlendApp app = dataDir.start(config);
      double e2e;
      double startSeconds;
      long spacing = 200;
      Paced latency;
      ModelOnly beside;
      double[] throughputRankingMs;
      try {
        app.awaitRunning(Duration.ofSeconds(120));
        BlendConfig live = app.config();
        Map<String, CandidatePublisher> publishers = new LinkedHashMap<>();
        try (AnswerFeed<BlendedResponse> feed = AnswerFeed.open(live, false, null, null)) {
          for (Candidate c : throughputSets.get(0).getCandidates()) {
            publishers.put(c.getModel(), new CandidatePublisher(live, c.getModel()));
          }
          startSeconds = (System.nanoTime() - starting) / 1e9;
          // One set through first: transactions, topic metadata and the stream thread's ranker all
          // warm up.
          String run = Long.toString(System.currentTimeMillis(), 36);
          produce(publishers, throughputSets.get(0), run + "-warmup");
          awaitAnswers(feed, 1, Duration.ofMinutes(2));

          long t0 = System.nanoTime();
          for (int k = 0; k < throughputSets.size(); k++) {
            produce(publishers, throughputSets.get(k), run + "-t" + k);
          }
          throughputRankingMs = awaitAnswers(feed, throughputSets.size(), Duration.ofMinutes(5));
          e2e = throughputSets.size() / ((System.nanoTime() - t0) / 1e9);
          progress.printf(
              "  end to end: %.2f sets/s over %d sets; latency over %d paced sets ...%n",
              e2e, throughputSets.size(), latencySets.size());
          progress.flush();
          latency = paced(publishers, feed, latencySets, run, spacing);
        } finally {
          publishers.values().forEach(CandidatePublisher::close);
        }
        // What the pipeline costs the model when it has nothing to do: its threads still wake up
        // (polls,
        // punctuation, probes, the broker's timers) on the same cores.
        progress.printf("  model only beside the idle pipeline ...%n");
        progress.flush();
        beside = modelOnly(ranker, throughputSets, latencySets);
      } finally {
        dataDir.stop();
      }
      // Model-only again once the pipeline is gone: on a shared machine the load drifts, and the
      // mean of both
      // sides of the pipeline run is the fair comparison.
      progress.printf("  model only again, pipeline stopped ...%n");
      progress.flush();
      ModelOnly after = modelOnly(ranker, throughputSets, latencySets);
      double[] perSet = new double[before.perSetMs().length * 2];
      System.arraycopy(before.perSetMs(), 0, perSet, 0, before.perSetMs().length);
      System.arraycopy(
          after.perSetMs(), 0, perSet, before.perSetMs().length, after.perSetMs().length);
      double[] ms = latency.latencyMs();
      return new Result(
          e2e,
          (before.setsPerSecond() + after.setsPerSecond()) / 2,
          beside.setsPerSecond(),
          percentile(ms, 50),
          percentile(ms, 95),
          percentile(ms, 99),
          percentile(perSet, 50),
          percentile(beside.perSetMs(), 50),
          percentile(throughputRankingMs, 50),
          throughputSets.size(),
          latencySets.size(),
          spacing,
          startSeconds,
          latency);
    }
  }

  private record ModelOnly(double setsPerSecond, double[] perSetMs) {}

  /** Sets/s over the throughput sets, and ms of each latency set, ranked directly. */
  private static ModelOnly modelOnly(
      Ranker ranker, List<CandidateSet> throughputSets, List<CandidateSet> latencySets) {
    long start = System.nanoTime();
    throughputSets.forEach(ranker::rank);
    double setsPerSecond = throughputSets.size() / ((System.nanoTime() - start) / 1e9);
    double[] ms = new double[latencySets.size()];
    for (int k = 0; k < latencySets.size(); k++) {
      long began = System.nanoTime();
      ranker.rank(latencySets.get(k));
      ms[k] = (System.nanoTime() - began) / 1e6;
    }
    return new ModelOnly(setsPerSecond, ms);
  }

  /**
   * One set at a time: the next is produced {@code gapMs} after the previous answer was read, so
   * that no set ever waits behind another and the figure is the pipeline's own latency, whatever
   * the load does to the model.
   */
  private static Paced paced(
      Map<String, CandidatePublisher> publishers,
      AnswerFeed<BlendedResponse> feed,
      List<CandidateSet> sets,
      String run,
      long gapMs)
      throws Exception {
    double[] latency = new double[sets.size()];
    double[] assembly = new double[sets.size()];
    double[] ranking = new double[sets.size()];
    for (int k = 0; k < sets.size(); k++) {
      String id = run + "-l" + k;
      long producedAt = produce(publishers, sets.get(k), id);
      long until = System.currentTimeMillis() + 120_000;
      long readAt = -1;
      while (readAt < 0) {
        if (System.currentTimeMillis() > until) {
          throw new IllegalStateException("paced set " + id + " was not blended within 2 minutes");
        }
        for (BlendedResponse r : feed.poll(Duration.ofMillis(100))) {
          if (r.getRequestId().equals(id)) {
            readAt = System.currentTimeMillis();
            assembly[k] = r.getTimings().getAssemblyMs();
            ranking[k] = r.getTimings().getRankingMs();
          }
        }
      }
      latency[k] = readAt - producedAt;
      Thread.sleep(gapMs);
    }
    return new Paced(latency, assembly, ranking);
  }

  /**
   * Produces a set's candidates under a new request id; returns the latest record timestamp among
   * them.
   */
  private static long produce(
      Map<String, CandidatePublisher> publishers, CandidateSet set, String requestId)
      throws InterruptedException, ExecutionException {
    String instruction = set.getRequest().getInstruction();
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (Candidate c : set.getCandidates()) {
      sends.add(publishers.get(c.getModel()).publish(requestId, c.getText(), instruction, 0L));
    }
    long last = 0;
    for (Future<RecordMetadata> f : sends) {
      last = Math.max(last, f.get().timestamp());
    }
    return last;
  }

  /** Reads {@code count} answers; returns the ranking time each one records. */
  private static double[] awaitAnswers(
      AnswerFeed<BlendedResponse> feed, int count, Duration timeout) {
    long until = System.nanoTime() + timeout.toNanos();
    double[] rankingMs = new double[count];
    int read = 0;
    while (read < count) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException(
            "only " + read + " of " + count + " sets were blended within " + timeout);
      }
      for (BlendedResponse r : feed.poll(Duration.ofMillis(100))) {
        if (read < count) {
          rankingMs[read] = r.getTimings().getRankingMs();
        }
        read++;
      }
    }
    return rankingMs;
  }

  /** Nearest-rank percentile. */
  static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}

package org.blendstream.app;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.blendstream.BlendConfig;
import org.blendstream.SharedSupplier;
import org.blendstream.Topics;
import org.blendstream.fuse.FusionStep;
import org.blendstream.ingest.DeadLetters;
import org.blendstream.rank.Ranker;
import org.blendstream.runtime.TopicSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a range of the recorded candidate sets through the blending topology (rank, fuse, emit)
 * as its own Kafka Streams app, next to the live one and without touching it: application.id {@code
 * <application.id>-replay-<version>}, output to {@code blend.blended.replay.<version>} and {@code
 * blend.rankings.replay.<version>}, dead letters to {@code blend.dlq.replay.<version>}.
 *
 * <p>The range is fixed in offsets when the job starts ({@link TopicSnapshot#span}): the replay
 * app's group offsets are set to its start before the app joins, a filter drops what lies past its
 * end, and the job stops once the last set of every partition has gone through. Sets the live
 * pipeline writes meanwhile are not replayed.
 */
public final class ReplayJob {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayJob.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  /**
   * What was replayed: the resolved range, where it went, how many sets were blended and how long
   * it took.
   */
  public record Result(
      Topics.Replay topics,
      String applicationId,
      TopicSnapshot.Span span,
      long blended,
      double seconds) {}

  /**
   * A replay version's topics already hold records; replaying again would put a second answer
   * beside each.
   */
  public static final class OutputNotEmptyException extends IllegalStateException {
    OutputNotEmptyException(String message) {
      super(message);
    }
  }

  private ReplayJob() {}

  /** The app suffix under {@code application.id}: {@code <application.id>-replay-<version>}. */
  public static String appSuffix(String version) {
    return "replay-" + Topics.replayVersion(version);
  }

  /**
   * Runs the replay to the end of its range and returns; {@code progress} hears the count of sets
   * blended so far. With {@code replace}, an earlier replay of the same version (its topics and
   * group) is deleted first; without it, such a replay is refused.
   */
  public static Result run(
      BlendConfig config,
      String version,
      ReplayRange range,
      boolean replace,
      SharedSupplier<Ranker> rankers,
      SharedSupplier<FusionStep> fusionSteps,
      java.util.function.Consumer<TopicSnapshot.Span> started,
      LongConsumer progress) {
    Topics.Replay out = config.topics().replay(version);
    Properties props = StreamsSettings.streamsConfig(config, appSuffix(version));
    String applicationId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    props.put(DeadLetters.TOPIC_CONFIG, out.deadLetters());
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
      prepareOutput(config, admin, out, applicationId, replace);
      TopicSnapshot.Span span = TopicSnapshot.span(config, config.topics().candidateSets(), range);
      started.accept(span);
      if (span.records() == 0) {
        return new Result(out, applicationId, span, 0, 0);
      }
      startAt(admin, applicationId, span);
      return blend(config, props, out, applicationId, span, rankers, fusionSteps, progress);
    }
  }

  private static Result blend(
      BlendConfig config,
      Properties props,
      Topics.Replay out,
      String applicationId,
      TopicSnapshot.Span span,
      SharedSupplier<Ranker> rankers,
      SharedSupplier<FusionStep> fusionSteps,
      LongConsumer progress) {
    long startNanos = System.nanoTime();
    Map<Integer, TopicSnapshot.PartitionSpan> parts = span.partitions();
    Map<Integer, Long> lastBlended = new ConcurrentHashMap<>();
    AtomicLong blended = new AtomicLong();
    BlendTopology.OffsetPredicate inRange =
        (p, offset) -> {
          TopicSnapshot.PartitionSpan s = parts.get(p);
          return s != null && offset >= s.start() && offset < s.end();
        };
    BlendTopology.OffsetPredicate done =
        (p, offset) -> {
          lastBlended.merge(p, offset, Math::max);
          blended.incrementAndGet();
          return true;
        };
    AtomicReference<Throwable> failure = new AtomicReference<>();
    KafkaStreams streams =
        new KafkaStreams(
            BlendTopology.replay(config, out, inRange, done, rankers, fusionSteps), props);
    // A replay that loses a thread is not worth finishing quietly: it stops and says why.
    streams.setUncaughtExceptionHandler(
        e -> {
          failure.compareAndSet(null, e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    LOG.debug(
        "replay {} of {} sets from {} into {} and {}",
        applicationId,
        span.records(),
        span.topic(),
        out.blended(),
        out.rankings());
    streams.start();
    try {
      long reported = -1;
      while (!finished(parts, lastBlended)) {
        if (failure.get() != null
            || streams.state() == KafkaStreams.State.ERROR
            || streams.state() == KafkaStreams.State.NOT_RUNNING) {
          Throwable cause = failure.get();
          throw new IllegalStateException(
              "replay "
                  + applicationId
                  + " stopped after "
                  + blended.get()
                  + " of "
                  + span.records()
                  + " sets"
                  + (cause == null ? "" : ": " + cause.getMessage()),
              cause);
        }
        if (blended.get() != reported) {
          reported = blended.get();
          progress.accept(reported);
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "replay " + applicationId + " interrupted after " + blended.get() + " sets", e);
    } finally {
      // A clean close commits the last transaction, so every blended set is in the output before
      // this returns.
      streams.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(30)));
      streams.cleanUp();
    }
    progress.accept(blended.get());
    return new Result(
        out, applicationId, span, blended.get(), (System.nanoTime() - startNanos) / 1e9);
  }

  private static boolean finished(
      Map<Integer, TopicSnapshot.PartitionSpan> parts, Map<Integer, Long> lastBlended) {
    return parts.entrySet().stream()
        .allMatch(
            e ->
                e.getValue().records() == 0
                    || lastBlended.getOrDefault(e.getKey(), -1L) >= e.getValue().lastRecord());
  }

  /**
   * The replay's topics must hold nothing yet, or the comparison would count two answers for one
   * set. An earlier replay of the same version is deleted on request (its topics and its group,
   * whose offsets would skip the range).
   */
  private static void prepareOutput(
      BlendConfig config, Admin admin, Topics.Replay out, String applicationId, boolean replace) {
    Set<String> existing = await(admin.listTopics().names(), "list topics");
    List<String> present = out.all().stream().filter(existing::contains).toList();
    long held =
        present.stream()
            .mapToLong(t -> TopicSnapshot.span(config, t, ReplayRange.ALL).records())
            .sum();
    if (held > 0 && !replace) {
      throw new OutputNotEmptyException(
          "replay version "
              + out.version()
              + " was run before: "
              + present
              + " hold "
              + held
              + " records; give another --version, or --replace to delete that replay and run it"
              + " again");
    }
    if (replace && !present.isEmpty()) {
      await(admin.deleteTopics(present).all(), "delete " + present);
      awaitGone(admin, present);
    }
    try {
      await(
          admin.deleteConsumerGroups(List.of(applicationId)).all(),
          "delete group " + applicationId);
    } catch (IllegalStateException e) {
      if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        throw e;
      }
    }
    createTopics(config, admin, out);
  }

  // Topic deletion completes asynchronously: a name can be listed as gone yet refused for creation
  // for a moment.
  private static void createTopics(BlendConfig config, Admin admin, Topics.Replay out) {
    long until = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
    while (true) {
      try {
        new TopicSetup(config, admin).create(out.all());
        return;
      } catch (IllegalStateException e) {
        if (System.nanoTime() > until) {
          throw e;
        }
        LOG.debug("replay topics not creatable yet; retrying", e);
        sleep(200);
      }
    }
  }

  private static void awaitGone(Admin admin, List<String> topics) {
    long until = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
    while (await(admin.listTopics().names(), "list topics").stream().anyMatch(topics::contains)) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException(
            "topics " + topics + " were not deleted within " + ADMIN_TIMEOUT.toSeconds() + " s");
      }
      sleep(100);
    }
  }

  /**
   * The replay app's group starts at the range's first offset in every partition, as if it had read
   * up to there.
   */
  private static void startAt(Admin admin, String applicationId, TopicSnapshot.Span span) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    span.partitions()
        .forEach(
            (p, s) ->
                offsets.put(new TopicPartition(span.topic(), p), new OffsetAndMetadata(s.start())));
    await(
        admin.alterConsumerGroupOffsets(applicationId, offsets).all(),
        "set the offsets of group " + applicationId);
  }

  private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) {
    try {
      return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return null;
      }
      throw new IllegalStateException(
          "cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          what + " timed out after " + ADMIN_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + what, e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}

package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.blendstream.BlendConfig;
import org.blendstream.IntegrationTest;
import org.blendstream.app.ProcessHarness.Ports;
import org.blendstream.avro.BlendedResponse;
import org.blendstream.avro.Feedback;
import org.blendstream.avro.FeedbackSource;
import org.blendstream.avro.ModelPriors;
import org.blendstream.avro.PairVerdict;
import org.blendstream.ingest.CandidatePublisher;
import org.blendstream.ingest.FeedbackPublisher;
import org.blendstream.ingest.RequestPublisher;
import org.blendstream.rank.OnlineStrengths;
import org.blendstream.rank.StrengthFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning the prior from feedback over a real broker, under exactly-once: feedback changes the
 * choices of later answers, the same feedback published twice counts once, and a kill -9 of the app
 * mid-stream neither loses nor repeats an update, so the strengths after a restart are exactly
 * those of the feedback applied once, in order.
 */
@IntegrationTest
class LearnedPriorEndToEndTest {

  @TempDir Path dataDir;

  /** a's answer is the longer, so the ensemble picks it while the prior is neutral. */
  private static final Map<String, String> TEXTS =
      Map.of("a", "Blue is a colour, and so are red and green and more.", "b", "Blue.");

  private BlendConfig config() {
    Map<String, Object> props = new HashMap<>();
    props.put(BlendConfig.DATA_DIR, dataDir.toString());
    props.put(BlendConfig.MODELS, "a,b");
    props.put(BlendConfig.DEADLINE_MS, 1500L);
    props.put(BlendConfig.RANKER, "ensemble");
    props.put(BlendConfig.FEEDBACK_ENABLED, true);
    props.put(BlendConfig.TOPIC_PARTITIONS, 2);
    props.put(BlendConfig.EMBEDDED_KAFKA_PORT, 0);
    props.put(BlendConfig.EMBEDDED_REGISTRY_PORT, 0);
    return new BlendConfig(props);
  }

  static void publishSet(BlendConfig config, String id, Map<String, String> texts) {
    try (RequestPublisher requests = new RequestPublisher(config)) {
      requests.publish(id, "Name a colour.", null, List.copyOf(texts.keySet()), null);
    }
    texts.forEach(
        (model, text) -> {
          try (CandidatePublisher p = new CandidatePublisher(config, model)) {
            p.publish(id, text, "Name a colour.", 10L);
          }
        });
  }

  static Feedback verdict(String id, String request, String winner, String loser) {
    return Feedback.newBuilder()
        .setFeedbackId(id)
        .setRequestId(request)
        .setSource(FeedbackSource.HUMAN)
        .setWeight(1.0)
        .setTimestamp(System.currentTimeMillis())
        .setOutcome(PairVerdict.newBuilder().setWinner(winner).setLoser(loser).build())
        .build();
  }

  static BlendedResponse answer(BlendConfig config, String request, int answersSoFar) {
    List<BlendedResponse> answers =
        BlendPipelineEndToEndTest.readCommitted(
            config,
            config.topics().blended(),
            BlendedResponse.class,
            answersSoFar,
            Duration.ofSeconds(60));
    return answers.stream()
        .filter(a -> a.getRequestId().equals(request))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no answer for " + request + " in " + answers.size()));
  }

  /** The priors records in order; waits until the last has the version wanted. */
  static List<ModelPriors> priorsUpTo(BlendConfig config, long version, Duration timeout) {
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ModelPriors> all =
          BlendPipelineEndToEndTest.readCommitted(
              config,
              config.topics().modelPriors(),
              ModelPriors.class,
              (int) version,
              Duration.ofSeconds(5));
      if (!all.isEmpty() && all.get(all.size() - 1).getVersion() >= version) {
        return all;
      }
      if (System.nanoTime() > until) {
        throw new AssertionError(
            "priors did not reach version "
                + version
                + "; last: "
                + (all.isEmpty() ? "none" : all.get(all.size() - 1)));
      }
    }
  }

  @Test
  void feedbackChangesLaterChoicesAndTheSameFeedbackTwiceCountsOnce() throws Exception {
    try (BlendApp app = BlendApp.start(config())) {
      app.awaitRunning(Duration.ofSeconds(90));
      BlendConfig config = app.config();
      publishSet(config, "before", TEXTS);
      BlendedResponse before = answer(config, "before", 1);
      assertEquals(
          "a",
          before.getSelectedModel(),
          "with a neutral prior the ensemble prefers the longer answer");
      assertEquals(0L, before.getRanker().getPriorVersion());

      List<Feedback> feedback = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        feedback.add(verdict("fb-" + i, "before", "b", "a"));
      }
      try (FeedbackPublisher publisher = new FeedbackPublisher(config)) {
        feedback.forEach(publisher::publish);
      }
      ModelPriors learned = last(priorsUpTo(config, 8, Duration.ofSeconds(60)));
      assertTrue(
          learned.getModels().get("b").getStrength() > learned.getModels().get("a").getStrength());
      assertEquals(8L, learned.getModels().get("b").getFeedback());

      publishSet(config, "after", TEXTS);
      BlendedResponse after = answer(config, "after", 2);
      assertEquals("b", after.getSelectedModel(), "eight verdicts for b outweigh a's length");
      assertEquals(8L, after.getRanker().getPriorVersion());
      assertEquals(8L, after.getRanker().getPriorFeedback());

      // The same eight again (a producer's retry, a replayed topic), then one new record to know
      // they were read.
      try (FeedbackPublisher publisher = new FeedbackPublisher(config)) {
        feedback.forEach(publisher::publish);
        publisher.publish(verdict("fb-new", "before", "b", "a"));
      }
      List<ModelPriors> all = priorsUpTo(config, 9, Duration.ofSeconds(60));
      assertEquals(9L, last(all).getVersion(), "the replayed eight were not applied again");
      assertEquals(9L, last(all).getModels().get("b").getFeedback());
      assertEquals(9, all.size(), "one priors record per distinct feedback record");
    }
  }

  @Test
  void killNineMidStreamKeepsTheStrengthsExactly() throws Exception {
    try (ProcessHarness run = new ProcessHarness()) {
      Ports ports = Ports.pick();
      // One partition: the feedback's order, and so the strengths, are the same on every run.
      run.startBroker(
          ports,
          "broker-1",
          Map.of(BlendConfig.FEEDBACK_ENABLED, "true", BlendConfig.TOPIC_PARTITIONS, "1"));
      List<String> args =
          run.clusterArgs(
              ports.bootstrap(),
              ports.registryUrl(),
              "app",
              "-D",
              "feedback.enabled=true",
              "-D",
              "topic.partitions=1",
              "-D",
              "prior.half.life=50");
      Process first = run.startApp(args, "app-1");
      BlendConfig config =
          new BlendConfig(
              Map.of(
                  BlendConfig.BOOTSTRAP_SERVERS,
                  ports.bootstrap(),
                  BlendConfig.SCHEMA_REGISTRY_URL,
                  ports.registryUrl(),
                  BlendConfig.FEEDBACK_ENABLED,
                  true,
                  BlendConfig.TOPIC_PARTITIONS,
                  1));
      List<String> models = ProcessHarness.MODELS;
      for (int r = 0; r < 5; r++) {
        Map<String, String> texts = new HashMap<>();
        models.forEach(m -> texts.put(m, "answer of " + m));
        publishSet(config, "r" + r, texts);
      }
      // Feedback names only the models each set holds: one that closed without a model would send
      // it to the DLQ.
      Map<String, List<String>> setModels = new HashMap<>();
      BlendPipelineEndToEndTest.readCommitted(
              config, config.topics().blended(), BlendedResponse.class, 5, Duration.ofSeconds(60))
          .forEach(
              a ->
                  setModels.put(
                      a.getRequestId(),
                      a.getRanked().stream()
                          .map(org.blendstream.avro.RankedModel::getModel)
                          .toList()));
      List<String> pairable =
          setModels.keySet().stream().filter(r -> setModels.get(r).size() >= 2).sorted().toList();
      assertTrue(!pairable.isEmpty(), "some set has two models: " + setModels);

      // Verdicts drawn from true strengths m1 > m2 > m3.
      Random random = new Random(23);
      Map<String, Double> truth = Map.of("m1", 1.0, "m2", 0.0, "m3", -1.0);
      List<Feedback> feedback = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        String request = pairable.get(random.nextInt(pairable.size()));
        List<String> in = setModels.get(request);
        String a = in.get(random.nextInt(in.size()));
        String b =
            in.stream().filter(m -> !m.equals(a)).toList().get(random.nextInt(in.size() - 1));
        boolean aWins = random.nextDouble() < 1 / (1 + Math.exp(-(truth.get(a) - truth.get(b))));
        feedback.add(verdict("fb-" + i, request, aWins ? a : b, aWins ? b : a));
      }
      try (FeedbackPublisher publisher = new FeedbackPublisher(config)) {
        feedback.subList(0, 60).forEach(publisher::publish);
        publisher.flush();
        priorsUpTo(config, 20, Duration.ofSeconds(60));
        first.toHandle().destroyForcibly(); // SIGKILL, while the first 60 are being applied
        first.waitFor(30, TimeUnit.SECONDS);
        feedback.subList(60, 120).forEach(publisher::publish);
      }
      run.startApp(args, "app-2");
      List<ModelPriors> all = priorsUpTo(config, 120, Duration.ofSeconds(180));

      assertEquals(
          java.util.stream.LongStream.rangeClosed(1, 120).boxed().toList(),
          all.stream().map(ModelPriors::getVersion).toList(),
          "each record applied once, in order, across the kill");
      OnlineStrengths once =
          new OnlineStrengths(OnlineStrengths.Options.of(StrengthFit.BRADLEY_TERRY, 50, null));
      feedback.forEach(
          f -> {
            PairVerdict v = (PairVerdict) f.getOutcome();
            once.apply(Map.of(v.getWinner(), 1.0, v.getLoser(), 0.0), 1.0);
          });
      for (String m : models) {
        assertEquals(once.strengths().get(m), last(all).getModels().get(m).getStrength(), 0.0, m);
        assertEquals(once.feedbackCounts().get(m), last(all).getModels().get(m).getFeedback(), m);
      }
      assertNotEquals(once.strengths().get("m1"), once.strengths().get("m3"));
    }
  }

  private static ModelPriors last(List<ModelPriors> all) {
    return all.get(all.size() - 1);
  }
}

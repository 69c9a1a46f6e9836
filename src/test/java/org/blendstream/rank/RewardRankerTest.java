package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.blendstream.BlendConfig;
import org.blendstream.SharedSupplier;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.Request;
import org.blendstream.model.ModelDirectoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardRankerTest {

  @TempDir Path tmp;

  private static final List<String> ANSWERS =
      List.of(
          "Paris is the capital of France.",
          "Berlin.",
          "The capital of France is Paris, on the Seine.",
          "I do not know.");

  private static CandidateSet set(List<String> answers) {
    Request request =
        Request.newBuilder()
            .setRequestId("r1")
            .setInstruction("What is the capital of France?")
            .setCreatedAt(0L)
            .build();
    return RewardFixture.set(request, answers);
  }

  @Test
  void orderFollowsTheRewardsBestFirstWithoutAMatrix() {
    for (String fixture : List.of(RewardFixture.QWEN2, RewardFixture.DEBERTA)) {
      try (RewardRanker ranker =
          (RewardRanker) RewardRankerFactory.create(RewardFixture.config(fixture, 16))) {
        CandidateSet set = set(ANSWERS);
        Ranking ranking = ranker.rank(set);
        double[] rewards = ranker.rewards(RewardConversation.of(set.getRequest()), ANSWERS);
        for (int i = 0; i < ANSWERS.size(); i++) {
          assertEquals(rewards[i], ranking.scores()[i], 1e-6, fixture + " candidate " + i);
        }
        for (int p = 1; p < ranking.order().length; p++) {
          assertTrue(
              ranking.scores()[ranking.order()[p - 1]] >= ranking.scores()[ranking.order()[p]],
              fixture);
        }
        assertEquals(0, ranking.comparedPairs());
        assertTrue(ranking.fullRanking());
        assertNull(ranking.aggregation());
        assertEquals("reward", ranker.info().getName());
        assertEquals(fixture + "-fixture-1", ranker.info().getVersion());
      }
    }
  }

  @Test
  void identicalTextsAreScoredOnceAndShareTheirReward() {
    try (RewardRanker ranker =
        (RewardRanker) RewardRankerFactory.create(RewardFixture.config(RewardFixture.QWEN2, 4))) {
      long before = ranker.rowsScored();
      Ranking ranking = ranker.rank(set(List.of("Paris.", "Lyon.", "Paris.", "Paris.")));
      assertEquals(2, ranker.rowsScored() - before);
      assertEquals(ranking.scores()[0], ranking.scores()[2]);
      assertEquals(ranking.scores()[0], ranking.scores()[3]);
    }
  }

  @Test
  void autoPicksRewardForARewardDirectoryAndListsIt() {
    assertEquals(
        Rankers.REWARD,
        Rankers.resolve(
            new BlendConfig(
                Map.of(
                    BlendConfig.RANKER_MODEL_DIR,
                    RewardFixture.dir(RewardFixture.QWEN2).toString()))));
    assertEquals(
        Rankers.PAIRRANKER,
        Rankers.resolve(
            new BlendConfig(Map.of(BlendConfig.RANKER_MODEL_DIR, TinyFixture.dir().toString()))));
    assertTrue(Rankers.names().contains(Rankers.REWARD));
    assertTrue(!Rankers.comparesPairs(Rankers.REWARD));
    BlendConfig auto =
        new BlendConfig(
            Map.of(
                BlendConfig.RANKER_MODEL_DIR,
                RewardFixture.dir(RewardFixture.DEBERTA).toString(),
                BlendConfig.DEVICE,
                "cpu"));
    try (SharedSupplier<Ranker> rankers = Rankers.supplier(auto);
        Ranker r = rankers.get()) {
      assertEquals("reward", r.info().getName());
    }
  }

  @Test
  void aPairRankerDirectoryIsRefusedNamingThePathAndKind() {
    BlendConfig config =
        new BlendConfig(
            Map.of(
                BlendConfig.RANKER,
                Rankers.REWARD,
                BlendConfig.RANKER_MODEL_DIR,
                TinyFixture.dir().toString(),
                BlendConfig.DEVICE,
                "cpu"));
    ModelDirectoryException e =
        assertThrows(ModelDirectoryException.class, () -> Rankers.supplier(config));
    assertTrue(
        e.getMessage().contains(TinyFixture.dir().toAbsolutePath().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("'reward'"), e.getMessage());
  }

  @Test
  void missingFilesAndBadManifestsStopLoadingNamingThePath() throws IOException {
    Path noTokenizer = copy(RewardFixture.QWEN2, "no-tokenizer");
    Files.delete(noTokenizer.resolve("tokenizer.json"));
    assertFails(noTokenizer, "tokenizer.json");

    Path malformed = copy(RewardFixture.QWEN2, "malformed");
    Files.writeString(malformed.resolve("blendstream-model.json"), "{\"kind\": \"reward\", ");
    assertFails(malformed, "invalid blendstream-model.json");

    Path noTemplate = copy(RewardFixture.QWEN2, "no-template");
    edit(noTemplate, "\"chat_template\"", "\"renamed_template\"");
    assertFails(noTemplate, "chat_template");

    Path badTemplate = copy(RewardFixture.QWEN2, "bad-template");
    edit(badTemplate, "{% endfor %}", "{% endif %}");
    assertFails(badTemplate, "chat_template");

    Path format = copy(RewardFixture.DEBERTA, "format");
    edit(format, "\"text_pair\"", "\"prompt_only\"");
    assertFails(format, "prompt_only");

    Path keepLast = copy(RewardFixture.QWEN2, "keep-last");
    edit(keepLast, "\"keep_last\": 3", "\"keep_last\": 96");
    assertFails(keepLast, "keep_last");
  }

  private Path copy(String fixture, String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    for (String f : new String[] {"model.pt", "tokenizer.json", "blendstream-model.json"}) {
      Files.copy(RewardFixture.dir(fixture).resolve(f), dir.resolve(f));
    }
    return dir;
  }

  private static void edit(Path dir, String from, String to) throws IOException {
    Path manifest = dir.resolve("blendstream-model.json");
    String text = Files.readString(manifest);
    assertTrue(text.contains(from), "fixture manifest holds " + from);
    Files.writeString(manifest, text.replace(from, to));
  }

  private static void assertFails(Path dir, String piece) {
    BlendConfig config =
        new BlendConfig(
            Map.of(
                BlendConfig.RANKER,
                Rankers.REWARD,
                BlendConfig.RANKER_MODEL_DIR,
                dir.toString(),
                BlendConfig.DEVICE,
                "cpu"));
    ModelDirectoryException e =
        assertThrows(ModelDirectoryException.class, () -> RewardRankerFactory.create(config));
    assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    assertTrue(e.getMessage().contains(piece), e.getMessage());
  }
}

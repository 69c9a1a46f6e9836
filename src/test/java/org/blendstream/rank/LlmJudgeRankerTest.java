package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.blendstream.avro.CandidateSet;
import org.blendstream.model.chat.FakeChatServer;
import org.junit.jupiter.api.Test;

/**
 * ranker=llm-judge against the in-process endpoint: strategies, ties, budgets, failures and the
 * cache.
 */
class LlmJudgeRankerTest {

  private static CandidateSet set(int n) {
    return TestSets.set("q" + n, null, TestSets.answers(n));
  }

  @Test
  void fullRanksByTheJudgesVerdictsInBothOrders() {
    try (FakeChatServer server = JudgeServers.preferringLargerNumbers()) {
      Ranker ranker = JudgeServers.ranker(JudgeServers.settings(server, "full"));
      Ranker.Outcome outcome = ranker.rankOrFallBack(set(4));
      assertNull(outcome.fallbackReason());
      assertEquals("llm-judge", outcome.rankedBy().getName());
      assertEquals("full", outcome.rankedBy().getAggregation());
      assertTrue(outcome.rankedBy().getVersion().startsWith("judge-7b pair-v2-letter v1"));
      assertArrayEquals(new int[] {3, 2, 1, 0}, outcome.ranking().order());
      assertEquals(
          0.8, outcome.ranking().matrix()[3][0], 1e-9, "2p − 1 with p = 0.9 from the logprobs");
      assertEquals(12, server.calls().size());
    }
  }

  @Test
  void bubbleFindsTheJudgesBestInTwoCallsPerStep() {
    try (FakeChatServer server = JudgeServers.preferringLargerNumbers()) {
      Ranking ranking = JudgeServers.ranker(JudgeServers.settings(server, "bubble")).rank(set(5));
      assertEquals(4, ranking.best());
      assertFalse(ranking.fullRanking());
      assertEquals(8, server.calls().size());
    }
  }

  @Test
  void knockoutComparesOnlyTheEnsemblesTopK() {
    try (FakeChatServer server = JudgeServers.preferringLargerNumbers()) {
      Map<String, Object> settings = JudgeServers.settings(server, "knockout");
      settings.put("judge.knockout.k", 4);
      CandidateSet set = set(7);
      Ranking seeds =
          Rankers.supplier(new org.blendstream.BlendConfig(Map.of("ranker", "ensemble")))
              .get()
              .rank(set);
      Set<Integer> top = new HashSet<>();
      for (int p = 0; p < 4; p++) {
        top.add(seeds.order()[p]);
      }
      Ranking ranking = JudgeServers.ranker(settings).rank(set);
      assertEquals(6, server.calls().size(), "2(K − 1)");
      assertEquals(top.stream().mapToInt(Integer::intValue).max().orElseThrow(), ranking.best());
      for (FakeChatServer.Call call : server.calls()) {
        assertTrue(
            top.contains(JudgeServers.number(call.answer('A'))), "only the top K meet the judge");
      }
    }
  }

  @Test
  void ordersThatDisagreeAreATie() {
    // A judge that always says "A" only ever prefers whichever answer it read first.
    try (FakeChatServer server =
        FakeChatServer.start(c -> FakeChatServer.Reply.ok(FakeChatServer.answer("A", "stop")))) {
      Map<String, Object> settings = JudgeServers.settings(server, "full");
      settings.put("judge.logprobs", false);
      Ranking ranking = JudgeServers.ranker(settings).rank(set(3));
      assertArrayEquals(new double[] {0, 0, 0}, ranking.scores());
      assertEquals(0.0, ranking.matrix()[0][1]);
      assertFalse(
          server.calls().get(0).body().has("logprobs"), "judge.logprobs=false asks for none");
    }
  }

  @Test
  void aFailingJudgeLeavesTheSetToTheEnsembleWithTheReason() {
    try (FakeChatServer server =
        FakeChatServer.start(
            c ->
                FakeChatServer.Reply.error(500, "error-500.json", Map.of("retry-after-ms", "1")))) {
      CandidateSet set = set(4);
      Ranker.Outcome outcome =
          JudgeServers.ranker(JudgeServers.settings(server, "bubble")).rankOrFallBack(set);
      assertEquals("ensemble", outcome.rankedBy().getName());
      assertTrue(
          outcome.fallbackReason().startsWith("judge error: HTTP 500"), outcome.fallbackReason());
      Ranking ensemble =
          Rankers.supplier(new org.blendstream.BlendConfig(Map.of("ranker", "ensemble")))
              .get()
              .rank(set);
      assertArrayEquals(ensemble.order(), outcome.ranking().order());
    }
  }

  @Test
  void aVerdictThatIsNotOneLetterIsAnErrorNotAGuess() {
    try (FakeChatServer server =
        FakeChatServer.start(
            c ->
                FakeChatServer.Reply.ok(FakeChatServer.answer("Assistant A is better.", "stop")))) {
      Map<String, Object> settings = JudgeServers.settings(server, "bubble");
      settings.put("judge.logprobs", false);
      Ranker.Outcome outcome = JudgeServers.ranker(settings).rankOrFallBack(set(3));
      assertTrue(
          outcome
              .fallbackReason()
              .startsWith("judge error: unparseable verdict \"Assistant A is better.\""),
          outcome.fallbackReason());
    }
  }

  @Test
  void aSetThatNeedsMoreCallsThanTheBudgetIsRankedByTheEnsembleWithoutCalling() {
    try (FakeChatServer server = JudgeServers.preferringLargerNumbers()) {
      Ranker.Outcome outcome =
          JudgeServers.ranker(JudgeServers.settings(server, "full")).rankOrFallBack(set(12));
      assertEquals(
          "judge budget: the set needs 132 calls, over judge.max.calls=64",
          outcome.fallbackReason());
      assertEquals(0, server.calls().size());
    }
  }

  @Test
  void aBubbleThatWouldRunPastTheCallBudgetIsNotStarted() {
    try (FakeChatServer server = JudgeServers.preferringLargerNumbers()) {
      Map<String, Object> settings = JudgeServers.settings(server, "bubble");
      settings.put("judge.max.calls", 10);
      Ranker.Outcome outcome = JudgeServers.ranker(settings).rankOrFallBack(set(8));
      assertEquals(
          "judge budget: the set needs 14 calls, over judge.max.calls=10",
          outcome.fallbackReason());
      assertEquals(0, server.calls().size(), "no verdict paid for that could not decide the set");
    }
  }

  @Test
  void aConversationIsJudgedAsMtBenchLaysItOutWithEachCandidatesOwnAnswer() {
    try (FakeChatServer server = JudgeServers.preferringLargerNumbers()) {
      CandidateSet set =
          TestSets.set(
              TestSets.request(
                  "c1",
                  "And the second?",
                  null,
                  List.of(
                      new org.blendstream.avro.Turn("user", "Name two numbers."),
                      new org.blendstream.avro.Turn("assistant", "One is 1."))),
              TestSets.answers(2));
      JudgeServers.ranker(JudgeServers.settings(server, "bubble")).rank(set);
      String user = server.calls().get(0).userText();
      assertTrue(
          user.startsWith(
              "[User Question]\n"
                  + "### User:\n"
                  + "Name two numbers.\n\n"
                  + "### Assistant:\n"
                  + "One is 1.\n\n"
                  + "### User:\n"
                  + "And the second?\n\n"
                  + "[The Start of Assistant A's Answer]\n"
                  + "answer number "),
          user);
    }
  }

  @Test
  void aJudgeSlowerThanTheSetsBudgetFallsBackToTheEnsemble() {
    try (FakeChatServer server =
        FakeChatServer.start(
            c ->
                new FakeChatServer.Reply(
                    200, Map.of(), FakeChatServer.verdictWithLogprobs("A", 0.9), 30_000))) {
      Map<String, Object> settings = JudgeServers.settings(server, "bubble");
      settings.put("judge.budget.ms", 300L);
      Ranker.Outcome outcome = JudgeServers.ranker(settings).rankOrFallBack(set(3));
      assertEquals("judge budget: over the time budget of 300 ms", outcome.fallbackReason());
      assertEquals("ensemble", outcome.rankedBy().getName());
    }
  }

  @Test
  void verdictsInTheCacheAreNotPaidForTwice() {
    try (FakeChatServer server = JudgeServers.preferringLargerNumbers()) {
      Ranker ranker = JudgeServers.ranker(JudgeServers.settings(server, "full"));
      VerdictCache cache = VerdictCache.inMemory();
      ranker.attach(cache, org.blendstream.BlendMetrics.none());
      Ranking first = ranker.rank(set(4));
      Ranking again = ranker.rank(set(4));
      assertEquals(12, server.calls().size(), "the replay found every verdict in the cache");
      assertArrayEquals(first.order(), again.order());
      ranker.attach(VerdictCache.inMemory(), org.blendstream.BlendMetrics.none());
      ranker.rank(set(4));
      assertEquals(
          24,
          server.calls().size(),
          "an empty cache pays again, so the cache is what saved the calls");
    }
  }

  @Test
  void aBudgetTooCloseToTheTransactionTimeoutStopsStartup() {
    try (FakeChatServer server = JudgeServers.preferringLargerNumbers()) {
      Map<String, Object> settings = JudgeServers.settings(server, "bubble");
      settings.put("judge.budget.ms", 100_000L);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> JudgeServers.ranker(settings));
      assertTrue(
          e.getMessage().contains("quarter of the transaction timeout (300000 ms)"),
          e.getMessage());
    }
  }

  @Test
  void callsPerSetMatchTheStrategysCountAtFourEightAndTwelve() {
    StringBuilder table =
        new StringBuilder("calls per set (judge.knockout.k=4)\n   N   full  bubble  knockout\n");
    for (int n : List.of(4, 8, 12)) {
      int[] measured = new int[3];
      List<String> strategies = List.of("full", "bubble", "knockout");
      for (int s = 0; s < 3; s++) {
        try (FakeChatServer server = JudgeServers.preferringLargerNumbers()) {
          Map<String, Object> settings = JudgeServers.settings(server, strategies.get(s));
          settings.put("judge.max.calls", 1000);
          Ranker.Outcome outcome = JudgeServers.ranker(settings).rankOrFallBack(set(n));
          assertNull(outcome.fallbackReason());
          measured[s] = server.calls().size();
          assertEquals(
              LlmJudgeRanker.calls(strategies.get(s), n, 4),
              measured[s],
              strategies.get(s) + " at N=" + n);
        }
      }
      table.append(String.format("%4d %6d %7d %9d%n", n, measured[0], measured[1], measured[2]));
    }
    System.out.print(table);
  }
}

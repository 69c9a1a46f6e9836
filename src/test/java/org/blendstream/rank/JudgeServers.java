package org.blendstream.rank;

import java.util.HashMap;
import java.util.Map;
import org.blendstream.BlendConfig;
import org.blendstream.SharedSupplier;
import org.blendstream.model.chat.FakeChatServer;

/**
 * A judge that prefers the answer ending in the larger number ("answer number 3" over "answer
 * number 1").
 */
final class JudgeServers {

  private JudgeServers() {}

  static FakeChatServer preferringLargerNumbers() {
    return FakeChatServer.start(
        call -> {
          int a = number(call.answer('A'));
          int b = number(call.answer('B'));
          String letter = a > b ? "A" : a < b ? "B" : "C";
          return FakeChatServer.Reply.ok(
              FakeChatServer.verdictWithLogprobs(letter, a > b ? 0.9 : a < b ? 0.1 : 0.5));
        });
  }

  static int number(String answer) {
    return Integer.parseInt(answer.substring(answer.lastIndexOf(' ') + 1).trim());
  }

  static Map<String, Object> settings(FakeChatServer server, String strategy) {
    Map<String, Object> p = new HashMap<>();
    p.put("ranker", LlmJudgeRanker.NAME);
    p.put("judge.base.url", server.baseUrl());
    p.put("judge.model", "judge-7b");
    p.put("judge.strategy", strategy);
    return p;
  }

  static Ranker ranker(Map<String, Object> settings) {
    SharedSupplier<Ranker> rankers = Rankers.supplier(new BlendConfig(settings));
    return rankers.get();
  }
}

package org.blendstream.fuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The tiny T5 fuser written by tools/fixtures/make_fuser_fixture.py, and its golden Python outputs. */
final class FuserFixture {

  static final Path DIR = Path.of("src/test/resources/fixtures/fuser-tiny");

  record Case(FusionPrompt prompt, String fusionInput, long[] inputIds, long[] greedy, long[] beam4, String beam4Text) {}

  private FuserFixture() {}

  static JsonNode golden() {
    try {
      return new ObjectMapper().readTree(DIR.resolve("golden.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    for (JsonNode c : golden().get("cases")) {
      List<String> cands = new ArrayList<>();
      c.get("candidates").forEach(n -> cands.add(n.asText()));
      out.add(new Case(new FusionPrompt(c.get("instruction").asText(), c.get("input").asText(), cands),
          c.get("fusion_input").asText(), longs(c.get("input_ids")), longs(c.get("greedy")),
          longs(c.get("beam4")), c.get("beam4_text").asText()));
    }
    return out;
  }

  static int maxNewTokens() {
    return golden().get("max_new_tokens").asInt();
  }

  private static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }
}

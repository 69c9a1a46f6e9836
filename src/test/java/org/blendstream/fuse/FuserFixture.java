package org.blendstream.fuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fuser fixtures and their golden Python outputs: {@code fuser-tiny}
 * (tools/fixtures/make_fuser_fixture.py, goldens from the Python twin of the Java decoder) and
 * {@code genfuser-t5-tiny} (transformers' T5 on a Flan-T5 config exported by
 * tools/export/export_genfuser.py, goldens from transformers' own {@code generate()};
 * tools/fixtures/real_arch/).
 */
final class FuserFixture {

  static final Path DIR = Path.of("src/test/resources/fixtures/fuser-tiny");
  static final Path T5_DIR = Path.of("src/test/resources/fixtures/genfuser-t5-tiny");

  record Case(
      FusionPrompt prompt,
      String fusionInput,
      long[] inputIds,
      long[] greedy,
      long[] beam4,
      String beam4Text) {}

  private FuserFixture() {}

  static JsonNode golden() {
    return golden(DIR);
  }

  static JsonNode golden(Path dir) {
    try {
      return new ObjectMapper().readTree(dir.resolve("golden.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Case> cases() {
    return cases(DIR);
  }

  static List<Case> cases(Path dir) {
    List<Case> out = new ArrayList<>();
    for (JsonNode c : golden(dir).get("cases")) {
      List<String> cands = new ArrayList<>();
      c.get("candidates").forEach(n -> cands.add(n.asText()));
      out.add(
          new Case(
              new FusionPrompt(c.get("instruction").asText(), c.get("input").asText(), cands),
              c.get("fusion_input").asText(),
              longs(c.get("input_ids")),
              longs(c.get("greedy")),
              longs(c.get("beam4")),
              c.get("beam4_text").asText()));
    }
    return out;
  }

  static int maxNewTokens() {
    return maxNewTokens(DIR);
  }

  static int maxNewTokens(Path dir) {
    return golden(dir).get("max_new_tokens").asInt();
  }

  private static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }
}

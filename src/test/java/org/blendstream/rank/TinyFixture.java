package org.blendstream.rank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The PairRanker fixtures and their golden files: {@code pairranker-tiny} (a hand-written BERT,
 * written by tools/fixtures/make_pairranker_fixture.py) and {@code pairrm-deberta-tiny}
 * (LLM-Blender's PairRM class on DeBERTa-v3, exported by tools/export/export_pairrm.py;
 * tools/fixtures/real_arch/).
 */
final class TinyFixture {

  static final String BERT = "pairranker-tiny";
  static final String DEBERTA = "pairrm-deberta-tiny";

  private TinyFixture() {}

  static Path dir() {
    return dir(BERT);
  }

  static Path dir(String name) {
    try {
      return Path.of(TinyFixture.class.getResource("/fixtures/" + name + "/model.pt").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode golden() {
    return golden(BERT);
  }

  static JsonNode golden(String name) {
    try {
      return new ObjectMapper().readTree(dir(name).resolve("golden.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }
}

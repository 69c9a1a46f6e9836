package org.blendstream.rank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The tiny PairRanker fixture written by tools/fixtures/make_pairranker_fixture.py, and its golden file. */
final class TinyFixture {

  private TinyFixture() {}

  static Path dir() {
    try {
      return Path.of(TinyFixture.class.getResource("/fixtures/pairranker-tiny/model.pt").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode golden() {
    try {
      return new ObjectMapper().readTree(dir().resolve("golden.json").toFile());
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

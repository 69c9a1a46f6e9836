package org.blendstream.model.builtin;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.blendstream.model.DjlRuntime;

/**
 * Not a test: ms per bundled-sample set for the sentence encoder when the set's texts, sorted by
 * length, go through in batches of 1, 2, 4 and 8, to choose {@link MiniLmSentenceEncoder#BATCH}.
 * Run after {@code test-compile}: {@code java -cp target/blendstream.jar:target/test-classes
 * org.blendstream.model.builtin.SentenceBatchTiming DIR} with DIR the model cache.
 */
public final class SentenceBatchTiming {

  private SentenceBatchTiming() {}

  public static void main(String[] args) throws Exception {
    DjlRuntime.init();
    List<List<String>> sets = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(
                    SentenceBatchTiming.class.getResourceAsStream(
                        "/samples/alpacaeval-sample.jsonl.gz"))))) {
      ObjectMapper json = new ObjectMapper();
      String line;
      while ((line = r.readLine()) != null && sets.size() < 6) {
        List<String> texts = new ArrayList<>();
        for (JsonNode c : json.readTree(line).get("candidates")) {
          texts.add(c.get("text").asText());
        }
        sets.add(texts);
      }
    }
    try (MiniLmSentenceEncoder encoder =
        MiniLmSentenceEncoder.load(Path.of(args[0]), Device.cpu())) {
      encoder.embed(sets.get(0));
      for (int round = 0; round < 2; round++) {
        for (int batch : new int[] {8, 4, 2, 1}) {
          long began = System.nanoTime();
          long padded = 0;
          for (List<String> texts : sets) {
            List<long[]> rows =
                texts.stream()
                    .map(encoder::ids)
                    .sorted(Comparator.comparingInt(a -> a.length))
                    .toList();
            List<String> sorted =
                texts.stream().sorted(Comparator.comparingInt(t -> encoder.ids(t).length)).toList();
            for (int from = 0; from < sorted.size(); from += batch) {
              int to = Math.min(sorted.size(), from + batch);
              encoder.embed(sorted.subList(from, to));
              padded += (long) (to - from) * rows.get(to - 1).length;
            }
          }
          System.out.printf(
              "batch %d: %.0f ms per set, %d padded tokens per set%n",
              batch, (System.nanoTime() - began) / 1e6 / sets.size(), padded / sets.size());
        }
      }
    }
  }
}

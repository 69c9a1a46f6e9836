package org.blendstream.rank;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verdicts already paid for, keyed by a hash of (judge model, prompt, question, both texts in their
 * order): the probability that the first text is better. In the pipeline it is the rank processor's
 * changelogged store ({@link VerdictStore}), so that a retried or restored task does not pay twice;
 * {@code eval} keeps one in memory or in a file.
 */
public interface VerdictCache {

  Double get(String key);

  void put(String key, double probability);

  static VerdictCache inMemory() {
    ConcurrentHashMap<String, Double> map = new ConcurrentHashMap<>();
    return new VerdictCache() {
      @Override
      public Double get(String key) {
        return map.get(key);
      }

      @Override
      public void put(String key, double probability) {
        map.put(key, probability);
      }
    };
  }

  /**
   * A file of {@code key<TAB>probability} lines, read whole at open and appended to per verdict, so
   * that an interrupted {@code eval} resumes where it stopped and a rerun with the same judge and
   * prompt pays nothing.
   */
  static VerdictCache file(Path path) {
    ConcurrentHashMap<String, Double> map = new ConcurrentHashMap<>();
    try {
      if (Files.exists(path)) {
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
          int tab = line.indexOf('\t');
          if (tab > 0) {
            map.put(line.substring(0, tab), Double.parseDouble(line.substring(tab + 1)));
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "cannot read the verdict cache " + path + ": " + e.getMessage(), e);
    }
    return new VerdictCache() {
      @Override
      public Double get(String key) {
        return map.get(key);
      }

      @Override
      public synchronized void put(String key, double probability) {
        if (map.put(key, probability) == null) {
          try {
            Files.writeString(
                path,
                key + "\t" + probability + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the verdict cache " + path, e);
          }
        }
      }
    };
  }
}

package org.blendstream.rank;

import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Verdicts already paid for, keyed by a hash of (judge model, prompt, question, both texts in their order): the
 * probability that the first text is better. In the pipeline it is the rank processor's changelogged store, so that
 * a retried or restored task does not pay twice; {@code eval} keeps one in memory.
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

  static VerdictCache of(KeyValueStore<String, Double> store) {
    return new VerdictCache() {
      @Override
      public Double get(String key) {
        return store.get(key);
      }

      @Override
      public void put(String key, double probability) {
        store.put(key, probability);
      }
    };
  }
}

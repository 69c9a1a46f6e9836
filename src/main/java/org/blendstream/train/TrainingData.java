package org.blendstream.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.avro.Request;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.model.PairModel;
import org.blendstream.model.PairPieces;
import org.blendstream.model.PairRow;
import org.blendstream.rank.ComparisonTexts;

/**
 * Judged items turned into what the trainer feeds the model: each item's candidates (all of them,
 * or only a pool's), its labelled pairs, and pair sequences built exactly as inference builds them
 * (same texts, same layout). Each item is tokenized once, on first use.
 */
public final class TrainingData {

  private final List<JudgedDataset.Item> items;
  private final List<List<JudgedDataset.Judged>> candidates;
  private final TrainingPairs pairs;
  private final Map<Integer, PairPieces> pieces = new HashMap<>();

  private TrainingData(
      List<JudgedDataset.Item> items, List<List<JudgedDataset.Judged>> candidates, double margin) {
    this.items = items;
    this.candidates = candidates;
    this.pairs = TrainingPairs.of(candidates, margin);
  }

  /**
   * {@code pool} null or empty: every model's candidate; otherwise only the pool's models that
   * answered.
   */
  public static TrainingData of(List<JudgedDataset.Item> items, List<String> pool, double margin) {
    List<JudgedDataset.Item> kept = new ArrayList<>();
    List<List<JudgedDataset.Judged>> candidates = new ArrayList<>();
    for (JudgedDataset.Item item : items) {
      Map<String, JudgedDataset.Judged> byModel = item.byModel();
      List<JudgedDataset.Judged> c = new ArrayList<>();
      if (pool == null || pool.isEmpty()) {
        c.addAll(byModel.values());
      } else {
        pool.stream().filter(byModel::containsKey).map(byModel::get).forEach(c::add);
      }
      if (c.size() >= 2) {
        kept.add(item);
        candidates.add(c);
      }
    }
    return new TrainingData(kept, candidates, margin);
  }

  public TrainingPairs pairs() {
    return pairs;
  }

  public int items() {
    return items.size();
  }

  public PairRow sequence(PairModel model, TrainingPairs.Pair p) {
    return pieces
        .computeIfAbsent(p.item(), k -> tokenize(model, k))
        .sequence(p.first(), p.second());
  }

  private PairPieces tokenize(PairModel model, int k) {
    JudgedDataset.Item item = items.get(k);
    Request request =
        Request.newBuilder()
            .setRequestId(item.id())
            .setInstruction(item.instruction())
            .setCreatedAt(0L)
            .build();
    ComparisonTexts texts =
        ComparisonTexts.of(
            request, candidates.get(k).stream().map(JudgedDataset.Judged::text).toList());
    return PairPieces.of(model.encoder(), model.layout(), texts.source(), texts.candidates());
  }
}

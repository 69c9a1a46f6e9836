package org.blendstream.rank;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.blendstream.BlendConfig;
import org.blendstream.avro.Request;
import org.blendstream.model.RewardModel;

/**
 * Builds reward rankers from config: {@code ranker.model.dir}, {@code device}, {@code
 * ranker.batch.size}, {@code ranker.batch.order}, {@code ranker.dedup}. {@link #load} once and
 * {@link #newRanker()} per stream thread shares the weights and gives each thread its own
 * predictor; {@link #create} gives a ranker owning its model.
 */
public final class RewardRankerFactory implements AutoCloseable {

  private final RewardModel model;
  private final Batching batching;

  private RewardRankerFactory(RewardModel model, Batching batching) {
    this.model = model;
    this.batching = batching;
  }

  public static RewardRankerFactory load(BlendConfig config) {
    return load(Path.of(config.rankerModelDir()), config.device(), Batching.of(config));
  }

  public static RewardRankerFactory load(Path modelDir, String device, Batching batching) {
    return new RewardRankerFactory(RewardModel.load(modelDir, device), batching);
  }

  /** A ranker owning its own copy of the model, warmed up; closing the ranker frees it. */
  public static Ranker create(BlendConfig config) {
    RewardRankerFactory factory = load(config);
    try {
      factory.warmUp();
    } catch (RuntimeException e) {
      factory.close();
      throw e;
    }
    return new RewardRanker(factory.model, factory.batching, factory);
  }

  /**
   * Scores one full batch of long synthetic answers, cut to the model's length budget, and then one
   * short answer: a process's first passes pay for native allocator growth and kernel set-up, which
   * would otherwise land on the first real set. Returns the ms.
   */
  public double warmUp() {
    long start = System.nanoTime();
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < batching.size(); i++) {
      answers.add("warm-up answer " + i + " " + "with enough words to fill the budget ".repeat(80));
    }
    Request request =
        Request.newBuilder()
            .setRequestId("warm-up")
            .setInstruction("warm-up instruction")
            .setCreatedAt(0L)
            .build();
    try (RewardRanker ranker = new RewardRanker(model, batching.withDedup(false), null)) {
      ranker.rewards(RewardConversation.of(request), answers);
      ranker.rewards(RewardConversation.of(request), List.of("short"));
    }
    return (System.nanoTime() - start) / 1e6;
  }

  /**
   * A ranker for one stream thread, sharing this factory's model; close the factory after its
   * rankers.
   */
  public Ranker newRanker() {
    return new RewardRanker(model, batching, null);
  }

  public RewardModel model() {
    return model;
  }

  @Override
  public void close() {
    model.close();
  }
}

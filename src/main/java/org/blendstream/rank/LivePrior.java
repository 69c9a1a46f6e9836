package org.blendstream.rank;

import java.util.Map;
import java.util.OptionalDouble;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.ModelPriors;
import org.blendstream.avro.ModelStrength;

/**
 * The prior learned from feedback, read from {@code blend.model-priors} as a global table, through
 * the same interface as the prior file, so that the prior and ensemble rankers use it unchanged.
 * Until the first priors record it is the warm start ({@code prior.warm.start}: the prior file) or
 * neutral; a model it does not know scores the neutral 0. One instance per rank task: it remembers
 * which priors record its last set was scored with, for the answer's record.
 */
public final class LivePrior implements PriorSignal {

  /** The one key of {@code blend.model-priors}: one set of strengths per deployment. */
  public static final String KEY = "priors";

  /** The global table's store in the blending app. */
  public static final String STORE = "model-priors";

  private final ModelPrior warmStart;
  private ReadOnlyKeyValueStore<String, ValueAndTimestamp<ModelPriors>> store;
  private ModelPriors used;

  /**
   * @param warmStart the prior before any feedback, or null for neutral
   */
  public LivePrior(ModelPrior warmStart) {
    this.warmStart = warmStart;
  }

  /** The rank processor hands over the global table's store when its task starts. */
  public void bind(ReadOnlyKeyValueStore<String, ValueAndTimestamp<ModelPriors>> priors) {
    this.store = priors;
  }

  private ModelPriors current() {
    ValueAndTimestamp<ModelPriors> v = store == null ? null : store.get(KEY);
    return v == null ? null : v.value();
  }

  @Override
  public double[] score(CandidateSet set) {
    used = current();
    return set.getCandidates().stream()
        .mapToDouble(c -> strength(used, c.getModel()).orElse(0))
        .toArray();
  }

  @Override
  public OptionalDouble strength(String model) {
    return strength(current(), model);
  }

  private OptionalDouble strength(ModelPriors priors, String model) {
    Map<String, ModelStrength> learned = priors == null ? Map.of() : priors.getModels();
    ModelStrength s = learned.get(model);
    if (s != null) {
      return OptionalDouble.of(s.getStrength());
    }
    return warmStart == null ? OptionalDouble.empty() : warmStart.strength(model);
  }

  /** The version of the priors the last scored set read: 0 before the first feedback record. */
  public long usedVersion() {
    return used == null ? 0 : used.getVersion();
  }

  /** The feedback records behind the priors the last scored set read. */
  public long usedFeedback() {
    return used == null ? 0 : used.getVersion();
  }
}

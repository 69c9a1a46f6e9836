package org.blendstream.rank;

import java.util.LinkedHashSet;
import java.util.OptionalDouble;
import java.util.Set;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;

/**
 * A per-model strength learned from judged history, as a signal: the fitted {@link ModelPrior} file
 * today; a live feedback topic can implement it later without the rankers knowing. Strengths are
 * centred, so 0 is the mean model, and a model the history never judged scores that neutral 0.
 */
public interface PriorSignal extends CandidateSignal {

  String NAME = "prior";

  @Override
  default String name() {
    return NAME;
  }

  /** The model's strength, or empty when the history has never judged it. */
  OptionalDouble strength(String model);

  /**
   * The set's models that {@link #strength} does not know and that therefore got the neutral prior.
   */
  default Set<String> unknown(CandidateSet set) {
    Set<String> out = new LinkedHashSet<>();
    for (Candidate c : set.getCandidates()) {
      if (strength(c.getModel()).isEmpty()) {
        out.add(c.getModel());
      }
    }
    return out;
  }
}

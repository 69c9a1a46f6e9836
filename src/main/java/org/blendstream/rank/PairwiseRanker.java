package org.blendstream.rank;

import java.util.ArrayList;
import java.util.List;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.RankerInfo;

/**
 * A ranker built from a pair scorer and an aggregation. The aggregation comes from the deployment
 * and may be overridden per request by {@code request.aggregation}; the ranking records which one
 * was used.
 */
public final class PairwiseRanker implements Ranker {

  public static final String NAME = "pairranker";

  private final PairScorer scorer;
  private final Aggregation defaultAggregation;
  private final AutoCloseable owned;

  /** {@code owned} is closed with the ranker (e.g. a model this ranker alone uses); may be null. */
  public PairwiseRanker(PairScorer scorer, Aggregation defaultAggregation, AutoCloseable owned) {
    this.scorer = scorer;
    this.defaultAggregation = defaultAggregation;
    this.owned = owned;
  }

  @Override
  public Ranking rank(CandidateSet set) {
    List<String> models = new ArrayList<>();
    for (Candidate c : set.getCandidates()) {
      models.add(c.getModel());
    }
    if (models.isEmpty()) {
      throw new IllegalArgumentException(
          "candidate set " + set.getRequestId() + " has no candidates");
    }
    ComparisonTexts texts = ComparisonTexts.of(set);
    PairScorer.PreparedSet prepared = scorer.prepare(texts.source(), texts.candidates());
    return aggregationFor(set).rank(models, prepared, set.getRequestId());
  }

  /**
   * The request's aggregation when it names one; an unknown name is rejected rather than silently
   * replaced.
   */
  Aggregation aggregationFor(CandidateSet set) {
    String requested = set.getRequest() == null ? null : set.getRequest().getAggregation();
    return requested == null || requested.isBlank()
        ? defaultAggregation
        : Aggregations.byName(requested);
  }

  /**
   * Deployment-level info; a request that overrides the aggregation shows it in {@link
   * Ranking#aggregation()}.
   */
  @Override
  public RankerInfo info() {
    return RankerInfo.newBuilder()
        .setName(scorer.rankerName())
        .setVersion(scorer.version())
        .setAggregation(defaultAggregation.name())
        .setDevice(scorer.device())
        .setDtype(scorer.dtype())
        .build();
  }

  @Override
  public void close() {
    try {
      scorer.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the pair scorer failed", e);
    } finally {
      if (owned != null) {
        try {
          owned.close();
        } catch (Exception e) {
          throw new IllegalStateException("closing the ranker's model failed", e);
        }
      }
    }
  }
}

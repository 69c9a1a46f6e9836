package org.blendstream.feedback;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.blendstream.BlendMetrics;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.Feedback;
import org.blendstream.avro.FeedbackSource;
import org.blendstream.avro.ModelScores;
import org.blendstream.rank.Ranker;
import org.blendstream.rank.Ranking;
import org.blendstream.rank.VerdictCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judge sampling ({@code feedback.judge.rate}): a share of the answered sets goes to the LLM judge,
 * and its verdicts come back as one feedback record per set, source JUDGE: each model's score is
 * its mean probability, by the judge, of beating the set's other candidates ({@code σ} of the
 * comparison logits it filled). Cheap ranking for every request, a judge's bill for a few. A set is
 * sampled by a hash of its request id, and its feedback id is derived from it, so that a set
 * processed again after a crash makes the same choice and its feedback is counted once.
 */
final class JudgeSampler extends ContextualProcessor<String, CandidateSet, String, Feedback> {

  private static final Logger LOG = LoggerFactory.getLogger(JudgeSampler.class);
  static final String ID_PREFIX = "judge:";

  private final Supplier<Ranker> judges;
  private final double rate;
  private final BlendMetrics metrics;
  private Ranker judge;

  JudgeSampler(Supplier<Ranker> judges, double rate, BlendMetrics metrics) {
    this.judges = judges;
    this.rate = rate;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Feedback> context) {
    super.init(context);
    judge = judges.get();
    judge.attach(VerdictCache.inMemory(), metrics);
  }

  /**
   * Whether the set of this request goes to the judge: the same answer for the same id, on every
   * instance.
   */
  static boolean sampled(String requestId, double rate) {
    long h = Utils.toPositive(Utils.murmur2(requestId.getBytes(StandardCharsets.UTF_8)));
    return h < rate * 0x8000_0000L;
  }

  @Override
  public void process(Record<String, CandidateSet> record) {
    CandidateSet set = record.value();
    if (set == null || set.getCandidates().size() < 2 || !sampled(set.getRequestId(), rate)) {
      return;
    }
    Ranker.Outcome outcome = judge.rankOrFallBack(set);
    if (outcome.fallbackReason() != null || outcome.ranking() == null) {
      // A stand-in's ranking is no judge's verdict; the set simply gives no feedback.
      LOG.warn(
          "judge sampling skipped request {}: {}", set.getRequestId(), outcome.fallbackReason());
      return;
    }
    Map<String, Double> scores = scores(set.getCandidates(), outcome.ranking());
    if (scores.isEmpty()) {
      return;
    }
    Feedback f =
        Feedback.newBuilder()
            .setFeedbackId(ID_PREFIX + set.getRequestId())
            .setRequestId(set.getRequestId())
            .setSource(FeedbackSource.JUDGE)
            .setWeight(1.0)
            .setTimestamp(record.timestamp())
            .setOutcome(new ModelScores(scores))
            .build();
    context().forward(record.withValue(f));
  }

  /**
   * Each model's mean probability of beating the others, over the comparisons the judge made; none:
   * left out.
   */
  static Map<String, Double> scores(List<Candidate> candidates, Ranking ranking) {
    Double[][] m = ranking.matrix();
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      double sum = 0;
      int n = 0;
      for (int j = 0; j < candidates.size(); j++) {
        if (i != j && m[i][j] != null) {
          sum += 1 / (1 + Math.exp(-m[i][j]));
          n++;
        }
      }
      if (n > 0) {
        // Two candidates of one model (not in a set today) would share a score.
        out.put(candidates.get(i).getModel(), sum / n);
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (judge != null) {
      judge.close();
    }
  }
}

package org.blendstream.feedback;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.blendstream.avro.AnswerVerdict;
import org.blendstream.avro.Feedback;
import org.blendstream.avro.JoinedFeedback;
import org.blendstream.avro.ModelScores;
import org.blendstream.avro.PairVerdict;
import org.blendstream.ingest.InvalidRecordException;
import org.blendstream.rank.StoreRetention;

/**
 * Joins each feedback record with the models of its request's set ({@link SetModels}) and turns it
 * into outcomes per model in [0, 1]: a verdict is winner 1, loser 0 (a tie 0.5 each); scores are
 * taken as they are; an accepted answer puts its model at 1 and the others at 0.5, a rejected one
 * at 0. Feedback that breaks the contract (unknown request, a model not in the set, a score outside
 * [0, 1], a weight that is not positive) is thrown as invalid, and the processing handler writes it
 * to the DLQ with its reason and original bytes; it never reaches the strengths.
 */
final class FeedbackResolver extends ContextualProcessor<String, Feedback, String, JoinedFeedback> {

  private final String storeName;
  private final long retentionMs;
  private StoreRetention<String, List<String>> sets;

  FeedbackResolver(String storeName, long retentionMs) {
    this.storeName = storeName;
    this.retentionMs = retentionMs;
  }

  @Override
  public void init(ProcessorContext<String, JoinedFeedback> context) {
    super.init(context);
    sets =
        new StoreRetention<>(
            context.getStateStore(storeName), retentionMs, context::currentSystemTimeMs);
  }

  @Override
  public void process(Record<String, Feedback> record) {
    Feedback f = record.value();
    if (f == null) {
      throw new InvalidRecordException(
          "tombstone (null value) for key '" + record.key() + "' on the feedback topic");
    }
    List<String> models = sets.get(f.getRequestId());
    if (models == null) {
      throw new InvalidRecordException(
          "feedback "
              + f.getFeedbackId()
              + " names unknown request "
              + f.getRequestId()
              + ": no candidate set of that id was seen within feedback.dedupe.retention.ms");
    }
    context().forward(record.withValue(new JoinedFeedback(f, models, outcomes(f, models))));
  }

  static Map<String, Double> outcomes(Feedback f, List<String> models) {
    if (f.getFeedbackId() == null || f.getFeedbackId().isBlank()) {
      throw new InvalidRecordException(
          "feedback on request " + f.getRequestId() + " has an empty feedback_id");
    }
    if (!(f.getWeight() > 0) || Double.isInfinite(f.getWeight())) {
      throw new InvalidRecordException(
          "feedback "
              + f.getFeedbackId()
              + " has weight "
              + f.getWeight()
              + "; it must be a positive number");
    }
    Map<String, Double> out = new LinkedHashMap<>();
    if (f.getOutcome() instanceof PairVerdict v) {
      requireInSet(f, v.getWinner(), models);
      requireInSet(f, v.getLoser(), models);
      if (v.getWinner().equals(v.getLoser())) {
        throw new InvalidRecordException(
            "feedback "
                + f.getFeedbackId()
                + " compares model '"
                + v.getWinner()
                + "' with itself");
      }
      out.put(v.getWinner(), v.getTie() ? 0.5 : 1.0);
      out.put(v.getLoser(), v.getTie() ? 0.5 : 0.0);
    } else if (f.getOutcome() instanceof ModelScores s) {
      if (s.getScores().isEmpty()) {
        throw new InvalidRecordException("feedback " + f.getFeedbackId() + " scores no model");
      }
      s.getScores()
          .forEach(
              (model, score) -> {
                requireInSet(f, model, models);
                if (score == null || !(score >= 0 && score <= 1)) {
                  throw new InvalidRecordException(
                      "feedback "
                          + f.getFeedbackId()
                          + " scores model '"
                          + model
                          + "' "
                          + score
                          + "; scores must lie in [0, 1]");
                }
                out.put(model, score);
              });
    } else if (f.getOutcome() instanceof AnswerVerdict a) {
      requireInSet(f, a.getModel(), models);
      models.forEach(m -> out.put(m, 0.5));
      out.put(a.getModel(), a.getAccepted() ? 1.0 : 0.0);
    } else {
      throw new InvalidRecordException("feedback " + f.getFeedbackId() + " carries no outcome");
    }
    return out;
  }

  private static void requireInSet(Feedback f, String model, List<String> models) {
    if (!models.contains(model)) {
      throw new InvalidRecordException(
          "feedback "
              + f.getFeedbackId()
              + " names model '"
              + model
              + "', which is not in the candidate set of request "
              + f.getRequestId()
              + " "
              + models);
    }
  }
}

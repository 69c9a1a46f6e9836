package org.blendstream.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import org.blendstream.avro.CandidateSet;
import org.blendstream.fuse.Fuser;
import org.blendstream.fuse.FusionDeadline;
import org.blendstream.fuse.FusionPrompt;
import org.blendstream.rank.Ranking;

/**
 * Reference-based text metrics of the answers {@code eval} would give, per mode: {@code selected}
 * (the ranker's best candidate) and, with a fuser, {@code fused} (the fuser's answer from the top
 * K), on the same instructions, so that fusion, which has no judge score, can be compared with
 * selection. Only sets whose request carries a reference count; the report says how many did not.
 */
public final class TextMetrics {

  public static final String BLEU =
      "sacrebleu-compatible corpus BLEU: 13a tokenization, case-sensitive, 4-grams,"
          + " exp smoothing, closest reference length (0-100)";
  public static final String ROUGE =
      "rouge_score F-measure, mean over instructions, no stemming, Lsum splits at"
          + " newlines (0-100)";

  /** One mode's scores over the sets with a reference. */
  @JsonPropertyOrder({"mode", "n", "bleu", "rouge1", "rouge2", "rouge_lsum"})
  public record ModeScores(
      @JsonProperty("mode") String mode,
      @JsonProperty("n") int n,
      @JsonProperty("bleu") double bleu,
      @JsonProperty("rouge1") double rouge1,
      @JsonProperty("rouge2") double rouge2,
      @JsonProperty("rouge_lsum") double rougeLsum) {}

  /** {@code modes} is empty when no set had a reference. */
  @JsonPropertyOrder({
    "with_reference",
    "without_reference",
    "fuser",
    "top_k",
    "bleu_settings",
    "rouge_settings",
    "modes"
  })
  public record Report(
      @JsonProperty("with_reference") int withReference,
      @JsonProperty("without_reference") int withoutReference,
      @JsonProperty("fuser") String fuser,
      @JsonProperty("top_k") Integer topK,
      @JsonProperty("bleu_settings") String bleuSettings,
      @JsonProperty("rouge_settings") String rougeSettings,
      @JsonProperty("modes") List<ModeScores> modes) {}

  private final Fuser fuser;
  private final int topK;
  private final List<String> references = new ArrayList<>();
  private final List<String> selected = new ArrayList<>();
  private final List<String> fused = new ArrayList<>();
  private int withoutReference;

  /** {@code fuser} may be null: then only the selected mode is scored. */
  public TextMetrics(Fuser fuser, int topK) {
    if (topK < 1) {
      throw new IllegalArgumentException("the fuser's top K must be at least 1, got " + topK);
    }
    this.fuser = fuser;
    this.topK = topK;
  }

  /**
   * Records one ranked set: its selected answer and, with a fuser, its fused one (fused here, one
   * set a call).
   */
  public void add(CandidateSet set, Ranking ranking) {
    String reference = set.getRequest() == null ? null : set.getRequest().getReference();
    if (reference == null || reference.isBlank()) {
      withoutReference++;
      return;
    }
    references.add(reference);
    selected.add(set.getCandidates().get(ranking.best()).getText());
    if (fuser != null) {
      List<String> top = new ArrayList<>();
      for (int k = 0; k < Math.min(topK, ranking.order().length); k++) {
        top.add(set.getCandidates().get(ranking.order()[k]).getText());
      }
      FusionPrompt prompt =
          new FusionPrompt(set.getRequest().getInstruction(), set.getRequest().getInput(), top);
      fused.add(fuser.fuse(List.of(prompt), FusionDeadline.none()).get(0));
    }
  }

  public Report report() {
    List<ModeScores> modes = new ArrayList<>();
    if (!references.isEmpty()) {
      modes.add(score("selected", selected, references));
      if (fuser != null) {
        modes.add(score("fused", fused, references));
      }
    }
    return new Report(
        references.size(),
        withoutReference,
        fuser == null ? null : fuser.info().getName(),
        fuser == null ? null : topK,
        BLEU,
        ROUGE,
        modes);
  }

  /** BLEU over the corpus; each ROUGE the mean F-measure over the pairs, ×100 like BLEU. */
  public static ModeScores score(String mode, List<String> hypotheses, List<String> references) {
    double bleu = Bleu.corpus(hypotheses, references.stream().map(List::of).toList()).score();
    double r1 = 0;
    double r2 = 0;
    double rl = 0;
    for (int k = 0; k < hypotheses.size(); k++) {
      r1 += Rouge.rougeN(references.get(k), hypotheses.get(k), 1).fmeasure();
      r2 += Rouge.rougeN(references.get(k), hypotheses.get(k), 2).fmeasure();
      rl += Rouge.rougeLsum(references.get(k), hypotheses.get(k)).fmeasure();
    }
    int n = hypotheses.size();
    return new ModeScores(mode, n, bleu, 100 * r1 / n, 100 * r2 / n, 100 * rl / n);
  }
}

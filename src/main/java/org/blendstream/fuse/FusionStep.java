package org.blendstream.fuse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.LlmSettings;
import org.blendstream.avro.BlendMode;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.blendstream.avro.FuserInfo;
import org.blendstream.rank.RankedSet;
import org.blendstream.rank.Ranking;

/**
 * The stage after ranking: fuse the top K candidates, else select the best, else pass the only
 * candidate through. Every step down the chain records why in the outcome's fallback reason (set
 * too small, fuser error, fuser timeout against the per-request budget, empty generation), so a
 * user always gets an answer and can count how it was made. Without a fuser (fusion disabled) the
 * best candidate is selected.
 */
public final class FusionStep implements AutoCloseable {

  /** One ranked set; ranking indices are positions in the set's candidate list. */
  public record Ranked(CandidateSet set, Ranking ranking) {}

  private final Fuser fuser;
  private final int topK;
  private final long budgetMs;

  /**
   * @param fuser the fuser, or null when fusion is disabled
   */
  public FusionStep(Fuser fuser, int topK, long budgetMs) {
    if (topK < 1) {
      throw new IllegalArgumentException("top K must be at least 1, not " + topK);
    }
    this.fuser = fuser;
    this.topK = topK;
    this.budgetMs = budgetMs;
  }

  /**
   * The step {@code config} asks for: with a GenFuser from {@code fuser.model.dir} when fusion is
   * enabled.
   */
  public static FusionStep fromConfig(BlendConfig config) {
    Fuser fuser;
    if (config.llm().llmFuser()) {
      fuser = LlmFuser.fromConfig(config);
    } else {
      boolean genFuser =
          config.fuserEnabled()
              || LlmSettings.FUSER_GENFUSER.equals(config.getString(LlmSettings.FUSER));
      fuser = genFuser ? GenFuserFactory.create(config) : null;
    }
    return new FusionStep(fuser, config.fuserTopK(), config.fuserBudgetMs());
  }

  /**
   * Whether stream threads may apply this step at once: no fuser, or one whose calls may overlap.
   */
  public boolean threadSafe() {
    return fuser == null || fuser.threadSafe();
  }

  /** The app's meters, for a fuser that counts its own calls (the LLM aggregator). */
  public void attach(BlendMetrics metrics) {
    if (fuser != null) {
      fuser.attach(metrics);
    }
  }

  /** The fuser's name and version, or null when fusion is disabled. */
  public FuserInfo fuserInfo() {
    return fuser == null ? null : fuser.info();
  }

  /**
   * The pipeline's entry: a set whose ranking failed is answered by its first candidate to arrive
   * (PASSTHROUGH), with the ranker's error as the reason, so that the request still gets an answer.
   */
  public FusionOutcome apply(RankedSet ranked) {
    if (!ranked.ranked()) {
      Candidate first = ranked.set().getCandidates().get(0);
      return new FusionOutcome(
          first.getText(),
          BlendMode.PASSTHROUGH,
          first.getModel(),
          List.of(),
          null,
          null,
          ranked.rankerError());
    }
    FusionOutcome outcome = apply(ranked.set(), ranked.ranking());
    if (ranked.rankerError() == null) {
      return outcome;
    }
    // A stand-in ranked the set (the ensemble for the LLM judge): that comes first in the reason,
    // and is what counts.
    String reason =
        outcome.fallbackReason() == null
            ? ranked.rankerError()
            : ranked.rankerError() + "; " + outcome.fallbackReason();
    return new FusionOutcome(
        outcome.text(),
        outcome.mode(),
        outcome.selectedModel(),
        outcome.topK(),
        outcome.fuser(),
        outcome.fusionMs(),
        reason);
  }

  public FusionOutcome apply(CandidateSet set, Ranking ranking) {
    return applyAll(List.of(new Ranked(set, ranking))).get(0);
  }

  /**
   * Outcomes in input order. The sets that can be fused are generated as one batch under one
   * budget; if that batch fails for a reason other than time, each set is retried alone so that one
   * bad request does not take the others down.
   */
  public List<FusionOutcome> applyAll(List<Ranked> items) {
    FusionOutcome[] out = new FusionOutcome[items.size()];
    List<Integer> fusable = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Ranked r = items.get(i);
      int n = r.set().getCandidates().size();
      if (n == 0) {
        throw new IllegalArgumentException(
            "candidate set " + r.set().getRequestId() + " has no candidates");
      }
      if (n == 1) {
        out[i] = passThrough(r.set());
      } else if (fuser == null) {
        out[i] = select(r, null, null);
      } else {
        fusable.add(i);
      }
    }
    if (!fusable.isEmpty()) {
      fuseBatch(items, fusable, out);
    }
    return Arrays.asList(out);
  }

  private void fuseBatch(List<Ranked> items, List<Integer> batch, FusionOutcome[] out) {
    fuseBatch(items, batch, out, FusionDeadline.in(budgetMs), System.nanoTime());
  }

  /**
   * Retries share the batch's deadline and clock: the budget bounds each request's total fusion
   * time.
   */
  private void fuseBatch(
      List<Ranked> items,
      List<Integer> batch,
      FusionOutcome[] out,
      FusionDeadline deadline,
      long start) {
    List<FusionPrompt> prompts = batch.stream().map(i -> prompt(items.get(i))).toList();
    try {
      List<String> texts = fuser.fuse(prompts, deadline);
      long ms = elapsedMs(start);
      for (int b = 0; b < batch.size(); b++) {
        out[batch.get(b)] = fusedOrEmpty(items.get(batch.get(b)), texts.get(b), ms);
      }
    } catch (FusionRejectedException e) {
      // The fuser answered, and its answer is not usable (cut, refused): asking again would pay for
      // the same answer.
      for (int i : batch) {
        out[i] = select(items.get(i), elapsedMs(start), e.getMessage());
      }
    } catch (FusionTimeoutException e) {
      long ms = elapsedMs(start);
      for (int i : batch) {
        out[i] = select(items.get(i), ms, FallbackReason.fuserTimeout(budgetMs));
      }
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        out[batch.get(0)] =
            select(items.get(batch.get(0)), elapsedMs(start), FallbackReason.fuserError(e));
        return;
      }
      for (int i : batch) {
        fuseBatch(items, List.of(i), out, deadline, start);
      }
    }
  }

  private FusionOutcome fusedOrEmpty(Ranked r, String text, long ms) {
    if (text == null || text.isBlank()) {
      return select(r, ms, FallbackReason.EMPTY_GENERATION);
    }
    List<String> models =
        topIndices(r.ranking()).stream()
            .map(i -> r.set().getCandidates().get(i).getModel())
            .toList();
    return new FusionOutcome(text, BlendMode.FUSED, models.get(0), models, fuser.info(), ms, null);
  }

  private FusionPrompt prompt(Ranked r) {
    List<String> texts =
        topIndices(r.ranking()).stream()
            .map(i -> r.set().getCandidates().get(i).getText())
            .toList();
    return new FusionPrompt(
        r.set().getRequest().getInstruction(),
        r.set().getRequest().getInput(),
        texts,
        r.set().getRequest().getHistory());
  }

  private List<Integer> topIndices(Ranking ranking) {
    int k = Math.min(topK, ranking.order().length);
    List<Integer> idx = new ArrayList<>(k);
    for (int p = 0; p < k; p++) {
      idx.add(ranking.order()[p]);
    }
    return idx;
  }

  private static FusionOutcome select(Ranked r, Long fusionMs, String reason) {
    Candidate best = r.set().getCandidates().get(r.ranking().best());
    return new FusionOutcome(
        best.getText(), BlendMode.SELECTED, best.getModel(), List.of(), null, fusionMs, reason);
  }

  private static FusionOutcome passThrough(CandidateSet set) {
    Candidate only = set.getCandidates().get(0);
    return new FusionOutcome(
        only.getText(),
        BlendMode.PASSTHROUGH,
        only.getModel(),
        List.of(),
        null,
        null,
        FallbackReason.setTooSmall(1));
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000L;
  }

  @Override
  public void close() {
    if (fuser != null) {
      fuser.close();
    }
  }
}

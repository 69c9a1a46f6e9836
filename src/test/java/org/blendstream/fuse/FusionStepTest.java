package org.blendstream.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.blendstream.BlendConfig;
import org.blendstream.avro.BlendMode;
import org.blendstream.avro.FuserInfo;
import org.blendstream.model.ModelDirectoryException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FusionStepTest {

  static GenFuser genFuser;

  // four candidates; ranked best-first: m2, m0, m3, m1
  static FusionStep.Ranked fourCandidates(String id) {
    return RankedSets.of(
        id,
        "How do I boil an egg ?",
        new double[] {0.5, -1.0, 2.0, 0.1},
        "m0",
        "Put it in hot water for some time .",
        "m1",
        "I do not know .",
        "m2",
        "Boil water , add the egg , cook ten minutes .",
        "m3",
        "Use a pan of water and heat it .");
  }

  @BeforeAll
  static void open() {
    genFuser = GenFuser.open(FuserFixture.DIR, Device.cpu());
  }

  @AfterAll
  static void close() {
    genFuser.close();
  }

  /** Test doubles for the failure modes; the real fuser covers the success path. */
  static Fuser failing(RuntimeException e) {
    return fuser(
        (prompts, deadline) -> {
          throw e;
        });
  }

  static Fuser fuser(
      java.util.function.BiFunction<List<FusionPrompt>, FusionDeadline, List<String>> f) {
    return new Fuser() {
      @Override
      public List<String> fuse(List<FusionPrompt> prompts, FusionDeadline deadline) {
        return f.apply(prompts, deadline);
      }

      @Override
      public FuserInfo info() {
        return new FuserInfo("double", "0");
      }
    };
  }

  @Test
  void fusesTheTopKInRankOrderWithTheFixtureFuser() {
    FusionStep step = new FusionStep(genFuser, 3, 60_000);
    FusionOutcome out = step.apply(fourCandidates("r1").set(), fourCandidates("r1").ranking());
    assertEquals(BlendMode.FUSED, out.mode());
    assertEquals(List.of("m2", "m0", "m3"), out.topK());
    assertEquals("m2", out.selectedModel());
    assertEquals(new FuserInfo("tiny-t5-fuser-fixture", "fixture-1"), out.fuser());
    assertNotNull(out.fusionMs());
    assertNull(out.fallbackReason());
    // golden case 0 is this prompt with the same top 3, decoded by the Python reference (beam 4, 24
    // new tokens)
    FuserFixture.Case golden = FuserFixture.cases().get(0);
    assertEquals("How do I boil an egg ?", golden.prompt().instruction());
    assertEquals(
        List.of(
            "Boil water , add the egg , cook ten minutes .",
            "Put it in hot water for some time .",
            "Use a pan of water and heat it ."),
        golden.prompt().candidates());
    String expected = golden.beam4Text();
    assertEquals(expected, out.text());
  }

  @Test
  void throwingFuserFallsBackToSelectedWithFuserErrorReason() {
    FusionStep step = new FusionStep(failing(new IllegalStateException("native crash")), 3, 60_000);
    FusionOutcome out = step.apply(fourCandidates("r1").set(), fourCandidates("r1").ranking());
    assertEquals(BlendMode.SELECTED, out.mode());
    assertEquals("m2", out.selectedModel());
    assertEquals("Boil water , add the egg , cook ten minutes .", out.text());
    assertEquals("fuser error: IllegalStateException: native crash", out.fallbackReason());
    assertTrue(out.topK().isEmpty());
    assertNull(out.fuser());
    assertNotNull(out.fusionMs());
  }

  @Test
  void zeroBudgetFallsBackToSelectedWithTimeoutReason() {
    FusionStep step = new FusionStep(genFuser, 3, 0);
    FusionOutcome out = step.apply(fourCandidates("r1").set(), fourCandidates("r1").ranking());
    assertEquals(BlendMode.SELECTED, out.mode());
    assertEquals("m2", out.selectedModel());
    assertEquals("fuser timeout: over the budget of 0 ms", out.fallbackReason());
  }

  @Test
  void blankGenerationFallsBackToSelectedWithEmptyGenerationReason() {
    FusionStep step = new FusionStep(fuser((p, d) -> List.of("  ")), 3, 60_000);
    FusionOutcome out = step.apply(fourCandidates("r1").set(), fourCandidates("r1").ranking());
    assertEquals(BlendMode.SELECTED, out.mode());
    assertEquals(FallbackReason.EMPTY_GENERATION, out.fallbackReason());
  }

  @Test
  void setOfOnePassesThroughWithSetTooSmallReason() {
    FusionStep.Ranked one = RankedSets.of("r1", "Say hi", new double[] {0.0}, "solo", "hi there");
    FusionOutcome out = new FusionStep(genFuser, 3, 60_000).apply(one.set(), one.ranking());
    assertEquals(BlendMode.PASSTHROUGH, out.mode());
    assertEquals("hi there", out.text());
    assertEquals("solo", out.selectedModel());
    assertEquals("set too small: 1 candidate", out.fallbackReason());
    assertNull(out.fusionMs());
  }

  @Test
  void withoutFuserTheBestIsSelectedWithoutReason() {
    FusionOutcome out =
        new FusionStep(null, 3, 60_000)
            .apply(fourCandidates("r1").set(), fourCandidates("r1").ranking());
    assertEquals(BlendMode.SELECTED, out.mode());
    assertEquals("m2", out.selectedModel());
    assertNull(out.fallbackReason());
    assertNull(out.fusionMs());
  }

  @Test
  void batchOfSetsIsFusedInOneCallAndAFailingRequestOnlyFailsItself() {
    List<Integer> callSizes = new ArrayList<>();
    Fuser picky =
        fuser(
            (prompts, d) -> {
              callSizes.add(prompts.size());
              if (prompts.stream().anyMatch(p -> p.instruction().contains("boom"))) {
                throw new IllegalArgumentException("bad prompt");
              }
              return prompts.stream().map(p -> "fused " + p.instruction()).toList();
            });
    List<FusionStep.Ranked> items =
        List.of(
            fourCandidates("a"),
            RankedSets.of("b", "boom", new double[] {1, 0}, "x", "X", "y", "Y"),
            RankedSets.of("c", "solo", new double[] {1}, "z", "Z"),
            fourCandidates("d"));
    List<FusionOutcome> out = new FusionStep(picky, 3, 60_000).applyAll(items);
    assertEquals(List.of(3, 1, 1, 1), callSizes);
    assertEquals(BlendMode.FUSED, out.get(0).mode());
    assertEquals(BlendMode.SELECTED, out.get(1).mode());
    assertEquals("fuser error: IllegalArgumentException: bad prompt", out.get(1).fallbackReason());
    assertEquals(BlendMode.PASSTHROUGH, out.get(2).mode());
    assertEquals(BlendMode.FUSED, out.get(3).mode());
  }

  @Test
  void missingModelDirectoryFailsNamingThePath() {
    BlendConfig config =
        new BlendConfig(
            Map.of(
                BlendConfig.FUSER_ENABLED,
                "true",
                BlendConfig.FUSER_MODEL_DIR,
                "/nonexistent/genfuser-dir",
                BlendConfig.DEVICE,
                "cpu"));
    ModelDirectoryException e =
        assertThrows(ModelDirectoryException.class, () -> FusionStep.fromConfig(config));
    assertTrue(e.getMessage().contains("/nonexistent/genfuser-dir"), e.getMessage());
  }

  @Test
  void configuredStepFusesWithTheFixtureDirectory() {
    BlendConfig config =
        new BlendConfig(
            Map.of(
                BlendConfig.FUSER_ENABLED,
                "true",
                BlendConfig.FUSER_MODEL_DIR,
                FuserFixture.DIR.toString(),
                BlendConfig.DEVICE,
                "cpu"));
    try (FusionStep step = FusionStep.fromConfig(config)) {
      FusionOutcome out = step.apply(fourCandidates("r1").set(), fourCandidates("r1").ranking());
      assertEquals(BlendMode.FUSED, out.mode());
    }
  }
}

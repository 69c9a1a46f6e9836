package org.blendstream.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import org.blendstream.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Java decoding against the Python reference decoding of the same TorchScript module. */
@IntegrationTest
class GenFuserDecodingTest {

  static GenFuser fuser;
  static List<FuserFixture.Case> cases;

  @BeforeAll
  static void open() {
    fuser = GenFuser.open(FuserFixture.DIR, Device.cpu());
    cases = FuserFixture.cases();
  }

  @AfterAll
  static void close() {
    fuser.close();
  }

  GenerationSettings greedy() {
    return fuser.settings().withNumBeams(1);
  }

  @Test
  void fixtureCoversBothEndingsForGreedyAndBeam() {
    int max = FuserFixture.maxNewTokens();
    assertTrue(
        cases.stream().anyMatch(c -> c.greedy().length == max),
        "a greedy case hits max_new_tokens");
    assertTrue(cases.stream().anyMatch(c -> c.greedy().length < max), "a greedy case ends at EOS");
    assertTrue(
        cases.stream().anyMatch(c -> c.beam4().length == max), "a beam case hits max_new_tokens");
    assertTrue(cases.stream().anyMatch(c -> c.beam4().length < max), "a beam case ends at EOS");
  }

  @Test
  void greedyTokensEqualGoldenPythonTokens() {
    for (FuserFixture.Case c : cases) {
      long[] got =
          fuser.generate(List.of(c.inputIds()), greedy(), true, FusionDeadline.none()).get(0);
      assertArrayEquals(c.greedy(), got, c.fusionInput());
    }
  }

  @Test
  void beam4TokensEqualGoldenPythonTokens() {
    assertEquals(4, fuser.settings().numBeams());
    for (FuserFixture.Case c : cases) {
      long[] got =
          fuser
              .generate(List.of(c.inputIds()), fuser.settings(), true, FusionDeadline.none())
              .get(0);
      assertArrayEquals(c.beam4(), got, c.fusionInput());
    }
  }

  @Test
  void batchedRequestsGiveTheSameTokensAsOneByOne() {
    List<long[]> inputs = cases.stream().map(FuserFixture.Case::inputIds).toList();
    List<long[]> greedyOut = fuser.generate(inputs, greedy(), true, FusionDeadline.none());
    List<long[]> beamOut = fuser.generate(inputs, fuser.settings(), true, FusionDeadline.none());
    for (int i = 0; i < cases.size(); i++) {
      assertArrayEquals(cases.get(i).greedy(), greedyOut.get(i), "greedy, batched, case " + i);
      assertArrayEquals(cases.get(i).beam4(), beamOut.get(i), "beam, batched, case " + i);
    }
  }

  @Test
  void cachedAndUncachedDecodingAgree() {
    for (FuserFixture.Case c : cases.subList(0, 4)) {
      for (GenerationSettings s : List.of(greedy(), fuser.settings())) {
        long[] cached =
            fuser.generate(List.of(c.inputIds()), s, true, FusionDeadline.none()).get(0);
        long[] uncached =
            fuser.generate(List.of(c.inputIds()), s, false, FusionDeadline.none()).get(0);
        assertArrayEquals(cached, uncached, s.numBeams() + " beams: " + c.fusionInput());
      }
    }
  }

  @Test
  void fusedTextIsTheBeamOutputDecodedWithoutSpecialTokens() {
    FuserFixture.Case c = cases.get(1);
    String text = fuser.fuse(List.of(c.prompt()), FusionDeadline.none()).get(0);
    assertEquals(c.beam4Text(), text);
    assertFalse(text.contains("</s>"));
  }

  @Test
  void spentBudgetStopsGenerationWithATimeout() {
    assertThrows(
        FusionTimeoutException.class,
        () -> fuser.fuse(List.of(cases.get(0).prompt()), FusionDeadline.in(0)));
  }
}

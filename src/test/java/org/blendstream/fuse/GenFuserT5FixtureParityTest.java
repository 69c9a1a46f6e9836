package org.blendstream.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.List;
import org.blendstream.IntegrationTest;
import org.blendstream.model.ModelDirectory;
import org.blendstream.model.ModelManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Flan-T5-shaped GenFuser fixture against transformers itself: the SentencePiece tokenizer
 * (slow, in Python) and {@code generate()} with greedy and 4-beam search, on GenFuser inputs whose
 * candidates are cut at the manifest's limit.
 */
@IntegrationTest
class GenFuserT5FixtureParityTest {

  static GenFuser fuser;
  static HuggingFaceTokenizer tokenizer;
  static ModelManifest manifest;
  static List<FuserFixture.Case> cases;

  @BeforeAll
  static void open() {
    ModelDirectory dir = ModelDirectory.open(FuserFixture.T5_DIR, ModelManifest.KIND_FUSER);
    manifest = dir.manifest();
    tokenizer = dir.tokenizer();
    fuser = GenFuser.open(FuserFixture.T5_DIR, Device.cpu());
    cases = FuserFixture.cases(FuserFixture.T5_DIR);
  }

  @AfterAll
  static void close() {
    fuser.close();
    tokenizer.close();
  }

  @Test
  void fixtureHasTenCasesEndingBothAtEosAndAtTheLimit() {
    int max = FuserFixture.maxNewTokens(FuserFixture.T5_DIR);
    assertTrue(cases.size() >= 10);
    assertTrue(
        cases.stream().anyMatch(c -> c.beam4().length == max), "a beam case hits max_new_tokens");
    assertTrue(cases.stream().anyMatch(c -> c.beam4().length < max), "a beam case ends at EOS");
    assertTrue(
        cases.stream().anyMatch(c -> c.fusionInput().contains("...</s>")), "a candidate is cut");
  }

  @Test
  void fusionInputAndIdsEqualTheSentencePieceTokenizer() {
    FusionInputBuilder b =
        new FusionInputBuilder(
            tokenizer, manifest.candidateTokenLimit(), manifest.maxInputLength());
    for (FuserFixture.Case c : cases) {
      assertEquals(c.fusionInput(), b.text(c.prompt()));
      assertArrayEquals(c.inputIds(), b.ids(c.prompt()), c.fusionInput());
    }
  }

  @Test
  void greedyTokensEqualTransformersGenerate() {
    GenerationSettings greedy =
        fuser
            .settings()
            .withNumBeams(1)
            .withMaxNewTokens(FuserFixture.maxNewTokens(FuserFixture.T5_DIR));
    for (FuserFixture.Case c : cases) {
      assertArrayEquals(
          c.greedy(),
          fuser.generate(List.of(c.inputIds()), greedy, true, FusionDeadline.none()).get(0),
          c.fusionInput());
    }
  }

  @Test
  void beam4TokensEqualTransformersGenerate() {
    assertEquals(4, fuser.settings().numBeams());
    for (FuserFixture.Case c : cases) {
      assertArrayEquals(
          c.beam4(),
          fuser
              .generate(List.of(c.inputIds()), fuser.settings(), true, FusionDeadline.none())
              .get(0),
          c.fusionInput());
    }
  }

  @Test
  void fusedTextIsTheBeamOutputDecodedWithoutSpecialTokens() {
    for (FuserFixture.Case c : cases) {
      assertEquals(
          c.beam4Text(),
          fuser.fuse(List.of(c.prompt()), FusionDeadline.none()).get(0),
          c.fusionInput());
    }
  }
}

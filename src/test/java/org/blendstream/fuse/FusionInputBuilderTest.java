package org.blendstream.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.Arrays;
import java.util.List;
import org.blendstream.model.ModelDirectory;
import org.blendstream.model.ModelManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FusionInputBuilderTest {

  static HuggingFaceTokenizer tokenizer;

  @BeforeAll
  static void load() {
    tokenizer = ModelDirectory.open(FuserFixture.DIR, ModelManifest.KIND_FUSER).tokenizer();
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void buildsTheReferenceGenFuserString() {
    FusionInputBuilder b = new FusionInputBuilder(tokenizer, 128, 1024);
    String text = b.text(new FusionPrompt("Fix the code", "x = 1", List.of("a", "b c", "d")));
    assertEquals(
        "Instruction: Fix the code</s>Input: x = 1</s>Candidate 0: <extra_id_0>:a</s>Candidate 1:"
            + " <extra_id_1>:b c</s>Candidate 2: <extra_id_2>:d</s>Summarize candidates into a"
            + " better one for the given instruction:",
        text);
  }

  @Test
  void missingInputIsEmptyNotNull() {
    FusionInputBuilder b = new FusionInputBuilder(tokenizer, 128, 1024);
    assertTrue(
        b.text(new FusionPrompt("Say hi", null, List.of("hi")))
            .startsWith("Instruction: Say hi</s>Input: </s>Candidate 0:"));
  }

  @Test
  void stringAndTokenIdsMatchThePythonReferenceOnEveryFixtureCase() {
    FusionInputBuilder b = new FusionInputBuilder(tokenizer, 128, 1024);
    for (FuserFixture.Case c : FuserFixture.cases()) {
      assertEquals(c.fusionInput(), b.text(c.prompt()));
      assertArrayEquals(c.inputIds(), b.ids(c.prompt()), c.fusionInput());
    }
  }

  @Test
  void cutsLongCandidatesAtTheTokenLimitAndAppendsEllipsis() {
    FusionInputBuilder b = new FusionInputBuilder(tokenizer, 5, 1024);
    String text =
        b.text(
            new FusionPrompt(
                "Tell a story .",
                "",
                List.of("the child and the friend go to the city", "short one")));
    assertTrue(text.contains("Candidate 0: <extra_id_0>:the child and the friend...</s>"), text);
    // under the limit: kept as written, no ellipsis
    assertTrue(text.contains("Candidate 1: <extra_id_1>:short one</s>"), text);
    FuserFixture.Case longCase = FuserFixture.cases().get(FuserFixture.cases().size() - 1);
    assertTrue(
        longCase.fusionInput().contains("...</s>Candidate 1"),
        "the fixture's long case is cut by the reference too");
  }

  @Test
  void truncatesTheTokenizedInputOnTheRight() {
    FusionInputBuilder full = new FusionInputBuilder(tokenizer, 128, 1024);
    FusionInputBuilder short10 = new FusionInputBuilder(tokenizer, 128, 10);
    FusionPrompt p = FuserFixture.cases().get(0).prompt();
    long[] all = full.ids(p);
    assertArrayEquals(Arrays.copyOf(all, 10), short10.ids(p));
  }
}

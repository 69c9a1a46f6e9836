package org.blendstream.model.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.blendstream.model.DjlRuntime;
import org.blendstream.rank.CandidatePair;
import org.blendstream.rank.ModelPairScorer;
import org.blendstream.rank.PairScorer;
import org.junit.jupiter.api.Test;

/** The fine-tuned weights committed in the repo: small, complete, and loadable with no network. */
class ShippedBuiltinRankerTest {

  @Test
  void shippedWeightsStayUnderSixteenMegabytesAndHoldOnlyFineTunedParameters() throws Exception {
    URL url = getClass().getResource(BuiltinPairModel.SHIPPED_RESOURCE);
    assertNotNull(url, "the built-in ranker's weights must ship in the jar");
    Path file = Path.of(url.toURI());
    assertTrue(
        Files.size(file) <= 16_000_000L, "shipped weights are " + Files.size(file) + " bytes");
    SafeTensors.Contents c = SafeTensors.read(file);
    BuiltinSpec spec = BuiltinSpec.fromMetadata(c.metadata());
    assertTrue(
        c.tensors().keySet().stream().allMatch(spec::trains),
        "only fine-tuned parameters are stored");
    assertTrue(
        c.tensors().keySet().stream().noneMatch(n -> n.startsWith("embeddings.")),
        "no base embeddings");
  }

  @Test
  void loadsOfflineAsTheDocumentedVersionAndPrefersTheAnswerThatAddressesTheQuestion()
      throws Exception {
    DjlRuntime.init();
    try (BuiltinPairModel model =
            BuiltinPairModel.shipped(MiniLmEncoderParityTest.CACHE, Device.cpu());
        ModelPairScorer scorer = new ModelPairScorer(model, 4)) {
      PairScorer.PreparedSet set =
          scorer.prepare(
              "Give me three tips for staying healthy.",
              List.of(
                  "1. Eat a balanced diet with plenty of fruit and vegetables.\n"
                      + "2. Exercise regularly, at least 30 minutes a day.\n"
                      + "3. Sleep seven to eight hours every night.",
                  "I don't know."));
      double[] l = set.logits(List.of(new CandidatePair(0, 1), new CandidatePair(1, 0)));
      assertEquals(2, l.length);
      assertTrue(
          l[0] - l[1] > 0,
          "the helpful answer must win both orders combined: " + l[0] + ", " + l[1]);
      // outputs must say the built-in ranker ranked them, not a user's PairRanker
      assertEquals(
          "builtin",
          new org.blendstream.rank.PairwiseRanker(
                  scorer, new org.blendstream.rank.MaxLogits(), null)
              .info()
              .getName());
      // the version users see in outputs is the one the shipped weights' README documents
      assertEquals(documentedVersion(), scorer.version());
      assertEquals(
          documentedVersion(),
          new org.blendstream.rank.PairwiseRanker(
                  scorer, new org.blendstream.rank.MaxLogits(), null)
              .info()
              .getVersion());
    }
  }

  /**
   * The version named in src/main/resources/builtin-ranker/README.md, written by hand when the
   * weights shipped.
   */
  private static String documentedVersion() throws Exception {
    String readme =
        new String(
            ShippedBuiltinRankerTest.class
                .getResourceAsStream("/builtin-ranker/README.md")
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("version `([^`]+)`").matcher(readme);
    assertTrue(m.find(), "the README names the shipped version");
    return m.group(1);
  }
}

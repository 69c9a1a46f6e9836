package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.blendstream.BlendConfig;
import org.blendstream.SharedSupplier;
import org.blendstream.avro.CandidateSet;
import org.blendstream.eval.JudgedDataset;
import org.junit.jupiter.api.Test;

class EnsembleRankerTest {

  private static final String QUESTION =
      "What should I pack for a week of hiking in the Alps in July?";
  private static final String ANSWER =
      "For a week in the Alps in July, pack layers: a light base layer, a fleece and a waterproof"
          + " shell, because weather changes fast above 2,000 m. Bring broken-in hiking boots, two"
          + " pairs of wool socks per three days, a sun hat, sunglasses and sunscreen, a 30-litre"
          + " pack with a rain cover, a water bottle, snacks, a map of the huts on your route, a"
          + " headlamp and a small first-aid kit.";

  /**
   * The default a fresh clone runs: {@code auto} without a model directory, shipped weights and
   * prior.
   */
  private static SharedSupplier<Ranker> shippedDefault() {
    return Rankers.supplier(new BlendConfig(Map.of()));
  }

  /**
   * A million characters of words, drawn from the answer's own vocabulary so it is not off-topic by
   * construction.
   */
  private static String junk() {
    String[] words = ANSWER.split(" ");
    Random random = new Random(11);
    StringBuilder s = new StringBuilder();
    while (s.length() < 1_000_000) {
      s.append(words[random.nextInt(words.length)]).append(' ');
    }
    return s.toString();
  }

  @Test
  void
      theDefaultIsTheShippedEnsembleAndAMillionCharactersOfJunkLosesToANormalAnswerEvenInASetOfTwo() {
    try (SharedSupplier<Ranker> rankers = shippedDefault();
        Ranker ranker = rankers.get()) {
      assertEquals(EnsembleRanker.NAME, ranker.info().getName());
      for (List<String> answers : List.of(List.of(junk(), ANSWER), List.of(ANSWER, junk()))) {
        CandidateSet set = TestSets.set(QUESTION, null, answers);
        Ranking r = ranker.rank(set);
        assertEquals(
            answers.indexOf(ANSWER), r.best(), "scores " + java.util.Arrays.toString(r.scores()));
      }
    }
  }

  @Test
  void junkFromAModelTheHistoryRatesHighlyStillLosesAmongRealAnswers() {
    // The strongest bundled-sample model answers with junk; the others answer normally.
    JudgedDataset.Item item = JudgedDataset.bundledSample().get(0);
    ModelPrior prior = ModelPrior.shipped();
    List<JudgedDataset.Judged> real = new ArrayList<>(item.candidates());
    JudgedDataset.Judged strongest =
        real.stream()
            .max(java.util.Comparator.comparingDouble(j -> prior.strength(j.model()).orElse(0)))
            .orElseThrow();
    List<String> models = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (JudgedDataset.Judged j : real) {
      models.add(j.model());
      texts.add(j == strongest ? junk() : j.text());
    }
    try (SharedSupplier<Ranker> rankers = shippedDefault();
        Ranker ranker = rankers.get()) {
      Ranking r = ranker.rank(TestSets.byModels(item.instruction(), models, texts));
      assertNotEquals(
          models.indexOf(strongest.model()), r.best(), "junk from " + strongest.model() + " won");
    }
  }

  @Test
  void theScoreIsTheWeightedSumOfTheTermsStandardisedWhereTheyAskForIt() {
    EnsembleWeights w =
        new EnsembleWeights(
            EnsembleWeights.FORMAT,
            "t",
            List.of(
                new EnsembleWeights.Term("a", 2.0, true),
                new EnsembleWeights.Term("b", -1.0, false)),
            Map.of());
    CandidateSignal a = fixed("a", 1, 2, 3);
    CandidateSignal b = fixed("b", 10, 0, 5);
    double[] s =
        new EnsembleRanker(w, Map.of("a", a, "b", b))
            .scores(TestSets.set("q", null, List.of("x", "y", "z")));
    double z = Math.sqrt(1.5); // (1, 2, 3) has mean 2 and population sd sqrt(2/3)
    assertEquals(2 * -z - 10, s[0], 1e-9);
    assertEquals(0, s[1], 1e-9);
    assertEquals(2 * z - 5, s[2], 1e-9);
  }

  @Test
  void aWeightsFileNamingAnUnknownSignalIsRefusedWithItsName() {
    EnsembleWeights w =
        new EnsembleWeights(
            EnsembleWeights.FORMAT,
            "t",
            List.of(new EnsembleWeights.Term("nope", 1.0, true)),
            Map.of());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new EnsembleRanker(w, Map.of()));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
  }

  @Test
  void aMissingOrForeignWeightsFileIsRefusedWithItsPathAndTheReason(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path missing = tmp.resolve("nope.json");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EnsembleWeights.read(missing));
    assertEquals("cannot read ensemble file " + missing + " (no such file)", e.getMessage());
    java.nio.file.Path prior = tmp.resolve("prior.json");
    java.nio.file.Files.writeString(prior, "{\"format\":\"blendstream-model-prior\"}");
    e = assertThrows(IllegalArgumentException.class, () -> EnsembleWeights.read(prior));
    assertEquals(
        "cannot read ensemble file "
            + prior
            + ": not an ensemble file: format is 'blendstream-model-prior',"
            + " expected blendstream-ensemble",
        e.getMessage());
  }

  private static CandidateSignal fixed(String name, double... values) {
    return new CandidateSignal() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double[] score(CandidateSet set) {
        return values.clone();
      }
    };
  }
}

package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.blendstream.BlendConfig;
import org.blendstream.SharedSupplier;
import org.blendstream.avro.CandidateSet;
import org.blendstream.eval.JudgedDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPriorTest {

  private static final ModelPrior PRIOR =
      new ModelPrior(
          StrengthFit.BRADLEY_TERRY,
          1.0,
          0.1,
          new ModelPrior.Provenance(
              List.of("judged.jsonl"),
              12,
              "2026-01-01T00:00:00Z",
              "blendstream fit-prior …",
              "test data"),
          Map.of("m0", new ModelPrior.Entry(-0.5, 40), "m1", new ModelPrior.Entry(0.75, 40)));

  @Test
  void scoresAreTheModelsStrengthsAndAnUnknownModelGetsZeroAndIsListed() {
    CandidateSet set = TestSets.set("q", null, TestSets.answers(4));
    assertArrayEquals(new double[] {-0.5, 0.75, 0, 0}, PRIOR.score(set));
    assertEquals(Set.of("m2", "m3"), PRIOR.unknown(set));
    assertEquals(List.of("m2", "m3"), List.copyOf(PRIOR.unknown(set)), "in candidate order");
    assertEquals(Set.of(), PRIOR.unknown(TestSets.set("q", null, TestSets.answers(2))));
    Ranking r = new SignalRanker(PRIOR, PRIOR.version()).rank(set);
    assertEquals(1, r.best());
    assertEquals(0, r.order()[3]);
  }

  @Test
  void theFileRoundTrips(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub/prior.json");
    PRIOR.write(file);
    ModelPrior back = ModelPrior.read(file);
    assertEquals(PRIOR.models(), back.models());
    assertEquals(PRIOR.provenance(), back.provenance());
    assertEquals(PRIOR.method(), back.method());
    assertEquals(PRIOR.l2(), back.l2());
    assertEquals(PRIOR.margin(), back.margin());
    assertEquals(PRIOR.toJson(), back.toJson());
    String text = Files.readString(file);
    assertTrue(
        text.contains("\"format\" : \"blendstream-model-prior\"") && text.contains("\"fitted_at\""),
        text);
    assertEquals(List.of("m1", "m0"), List.copyOf(back.models().keySet()), "strongest first");
  }

  @Test
  void refusesAFileOfAnotherFormatOrVersion(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prior.json");
    Files.writeString(file, PRIOR.toJson().replace("\"version\" : 1", "\"version\" : 2"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ModelPrior.read(file))
            .getMessage()
            .contains("version 2"));
    Files.writeString(file, PRIOR.toJson().replace("blendstream-model-prior", "something-else"));
    assertThrows(IllegalArgumentException.class, () -> ModelPrior.read(file));
  }

  @Test
  void theShippedPriorKnowsEveryModelOfTheBundledSampleAndSaysWhereItCameFrom() {
    ModelPrior shipped = ModelPrior.shipped();
    for (JudgedDataset.Item item : JudgedDataset.bundledSample()) {
      for (String model : item.byModel().keySet()) {
        assertTrue(shipped.strength(model).isPresent(), model);
      }
    }
    assertTrue(shipped.provenance().instructions() > 500);
    assertTrue(shipped.provenance().attribution().contains("CC BY-NC 4.0"));
    assertTrue(shipped.provenance().command().startsWith("blendstream fit-prior"));
  }

  @Test
  void theRankerReadsTheConfiguredFileElseTheShippedOne(@TempDir Path dir) {
    Path file = dir.resolve("prior.json");
    PRIOR.write(file);
    CandidateSet set = TestSets.set("q", null, TestSets.answers(2));
    try (SharedSupplier<Ranker> rankers =
            Rankers.supplier(
                new BlendConfig(
                    Map.of(
                        BlendConfig.RANKER,
                        "prior",
                        BlendConfig.RANKER_PRIOR_FILE,
                        file.toString())));
        Ranker r = rankers.get()) {
      assertEquals(1, r.rank(set).best());
      assertEquals(PRIOR.version(), r.info().getVersion());
    }
    try (SharedSupplier<Ranker> rankers =
            Rankers.supplier(new BlendConfig(Map.of(BlendConfig.RANKER, "prior")));
        Ranker r = rankers.get()) {
      assertEquals(ModelPrior.shipped().version(), r.info().getVersion());
    }
  }
}

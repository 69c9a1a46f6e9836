package org.blendstream.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairwiseDatasetTest {

  @TempDir Path tmp;

  private Path file(String name, String... lines) throws Exception {
    Path f = tmp.resolve(name);
    Files.write(f, List.of(lines));
    return f;
  }

  @Test
  void readsLabelsAndTakesTheScenarioElseTheSubsetAsGroup() throws Exception {
    Path f =
        file(
            "p.jsonl",
            "{\"id\":\"1\",\"prompt\":\"p\",\"a\":\"x\",\"b\":\"y\",\"label\":\"a\",\"scenario\":\"code\",\"subset\":\"s\"}",
            "",
            "{\"id\":\"2\",\"prompt\":\"p\",\"a\":\"x\",\"b\":\"y\",\"label\":\"TIE\",\"subset\":\"harmless\"}",
            "{\"id\":\"3\",\"prompt\":\"p\",\"a\":\"x\",\"b\":\"y\",\"label\":\"b\"}");
    List<PairwiseDataset.Pair> pairs = PairwiseDataset.read(f);
    assertEquals(
        List.of(PairwiseDataset.Label.A, PairwiseDataset.Label.TIE, PairwiseDataset.Label.B),
        pairs.stream().map(PairwiseDataset.Pair::label).toList());
    assertEquals(
        List.of("code", "harmless", PairwiseDataset.NO_GROUP),
        pairs.stream().map(PairwiseDataset.Pair::group).toList());
  }

  @Test
  void anUnknownLabelIsRefusedWithItsLine() throws Exception {
    Path f =
        file(
            "p.jsonl",
            "{\"id\":\"1\",\"prompt\":\"p\",\"a\":\"x\",\"b\":\"y\",\"label\":\"left\"}");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PairwiseDataset.read(f));
    assertTrue(
        e.getMessage().contains("line 1") && e.getMessage().contains("'left'"), e.getMessage());
  }

  @Test
  void aMissingFieldIsNamed() throws Exception {
    Path f = file("p.jsonl", "{\"id\":\"1\",\"a\":\"x\",\"b\":\"y\",\"label\":\"a\"}");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PairwiseDataset.read(f));
    assertTrue(e.getMessage().contains("'prompt'"), e.getMessage());
  }

  @Test
  void formatIsDetectedByTheFirstRecordsFields() throws Exception {
    assertEquals(
        DatasetFormat.PAIRWISE,
        DatasetFormat.detect(
            file(
                "p.jsonl",
                "{\"id\":\"1\",\"prompt\":\"p\",\"a\":\"x\",\"b\":\"y\",\"label\":\"a\"}")));
    assertEquals(
        DatasetFormat.JUDGED,
        DatasetFormat.detect(
            file(
                "j.jsonl",
                "{\"id\":\"1\",\"instruction\":\"i\",\"candidates\":[{\"model\":\"m\",\"text\":\"t\","
                    + "\"win\":0.5}]}")));
    assertEquals(
        DatasetFormat.MIXINSTRUCT,
        DatasetFormat.detect(
            file("m.json", "  [ {\"id\":\"1\",\"candidates\":[],\"cmp_results\":null} ]")));
  }

  @Test
  void anUnrecognisedFileIsRefusedWithItsFieldsAndWhatEachFormatNeeds() throws Exception {
    Path f = file("u.jsonl", "{\"question\":\"q\",\"answer\":\"a\"}");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DatasetFormat.detect(f));
    assertTrue(e.getMessage().contains("[question, answer]"), e.getMessage());
    for (DatasetFormat kind : DatasetFormat.values()) {
      assertTrue(e.getMessage().contains(kind.label() + " needs " + kind.fields()), e.getMessage());
    }
    assertTrue(e.getMessage().contains("--format"), e.getMessage());
  }
}

package org.blendstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.blendstream.BlendConfig;
import org.blendstream.assemble.AssemblyDriver;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.CandidateSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The assembler encodes each answer once, through the configured serde: for its store entry, whose
 * bytes also size it for the set limits and go into its set. The size is taken for the store's
 * changelog topic; were that name not the one Kafka Streams writes, the store would encode the
 * answer a second time, and this count would show it.
 */
class AssembledCandidateEncodesTest {

  private AssemblyDriver assembly;

  @AfterEach
  void tearDown() {
    if (assembly != null) {
      assembly.close();
    }
  }

  @Test
  void eachAnswerIsEncodedOnceOnTheWayToItsSet() {
    assembly =
        new AssemblyDriver(
            Map.of(
                BlendConfig.VALUE_SERDE_FACTORY,
                CountingSerdeFactory.class.getName(),
                BlendConfig.MODELS,
                "a,b,c"));
    int sets = 4;
    for (int r = 0; r < sets; r++) {
      for (String model : List.of("a", "b", "c")) {
        assembly.candidate(
            Candidate.newBuilder()
                .setRequestId("r" + r)
                .setModel(model)
                .setText("answer of " + model)
                .setInstruction("Say hi")
                .setCreatedAt(0L)
                .build(),
            null);
      }
    }
    List<CandidateSet> out = assembly.sets().readValuesToList();
    assertEquals(sets, out.size());
    assertEquals(
        List.of("a", "b", "c"),
        out.get(0).getCandidates().stream().map(c -> c.getModel().toString()).toList());
    int piped = sets * 3;
    assertEquals(
        piped + sets * 3,
        CountingSerdeFactory.serialized(assembly.config, Candidate.class),
        "the test's own encodes, then one per answer in the assembler");
  }
}

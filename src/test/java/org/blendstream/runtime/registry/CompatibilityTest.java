package org.blendstream.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityTest {

  private static Schema record(String fields) {
    return new Schema.Parser()
        .parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
  }

  private static List<Compatibility.Earlier> history(Schema... schemas) {
    List<Compatibility.Earlier> out = new ArrayList<>();
    for (int i = 0; i < schemas.length; i++) {
      out.add(new Compatibility.Earlier(i + 1, schemas[i], schemas[i].toString()));
    }
    return out;
  }

  private static final Schema A_STRING = record("{\"name\":\"a\",\"type\":\"string\"}");
  private static final Schema EMPTY = record("");
  private static final Schema A_INT_DEFAULT =
      record("{\"name\":\"a\",\"type\":\"int\",\"default\":0}");
  private static final Schema A_AND_B =
      record("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"string\"}");

  @Test
  void backwardChecksOnlyTheLatestWhileBackwardTransitiveChecksEveryEarlierVersion() {
    // a:int with a default reads v2 (no a), but not v1's a:string.
    List<Compatibility.Earlier> earlier = history(A_STRING, EMPTY);
    assertEquals(List.of(), Compatibility.BACKWARD.check(A_INT_DEFAULT, earlier));
    List<String> transitive = Compatibility.BACKWARD_TRANSITIVE.check(A_INT_DEFAULT, earlier);
    assertTrue(transitive.get(0).startsWith("{errorType:'TYPE_MISMATCH'"), transitive.toString());
    assertEquals("{oldSchemaVersion: 1}", transitive.get(1));
    assertEquals(
        "{validateFields: 'false', compatibility: 'BACKWARD_TRANSITIVE'}",
        transitive.get(transitive.size() - 1));
  }

  @Test
  void addingAFieldWithoutDefaultIsForwardButNotBackwardCompatible() {
    List<Compatibility.Earlier> earlier = history(A_STRING);
    assertEquals(List.of(), Compatibility.FORWARD.check(A_AND_B, earlier));
    assertEquals(
        List.of(
            "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'b' at path"
                + " '/fields/1' in the new schema has no default value and is missing in the old"
                + " schema', additionalInfo:'b'}",
            "{oldSchemaVersion: 1}",
            "{oldSchema: '" + A_STRING + "'}",
            "{validateFields: 'false', compatibility: 'BACKWARD'}"),
        Compatibility.BACKWARD.check(A_AND_B, earlier));
    assertEquals(2 + 2, Compatibility.FULL.check(A_AND_B, earlier).size());
  }

  @Test
  void removingAFieldWithoutDefaultIsBackwardButNeitherForwardNorFull() {
    List<Compatibility.Earlier> earlier = history(A_AND_B);
    assertEquals(List.of(), Compatibility.BACKWARD.check(A_STRING, earlier));
    List<String> forward = Compatibility.FORWARD.check(A_STRING, earlier);
    assertTrue(
        forward
            .get(0)
            .contains("in the old schema has no default value and is missing in the new schema"),
        forward.toString());
    assertEquals("{oldSchemaVersion: 1}", forward.get(1));
    // FULL names the old schema only after its new-reads-old half, which passes here.
    assertEquals(
        List.of(forward.get(0), "{validateFields: 'false', compatibility: 'FULL'}"),
        Compatibility.FULL.check(A_STRING, earlier));
  }

  @Test
  void noneAcceptsAnythingAndAFirstVersionIsAlwaysCompatible() {
    assertEquals(
        List.of(),
        Compatibility.NONE.check(record("{\"name\":\"z\",\"type\":\"bytes\"}"), history(A_STRING)));
    assertEquals(List.of(), Compatibility.FULL_TRANSITIVE.check(A_STRING, List.of()));
  }

  @Test
  void levelsAreNamedInAnyCaseAndUnknownNamesAreEmpty() {
    assertEquals(
        Optional.of(Compatibility.FULL_TRANSITIVE), Compatibility.named("full_transitive"));
    assertEquals(Optional.empty(), Compatibility.named("SIDEWAYS"));
    assertEquals(Compatibility.BACKWARD, Compatibility.DEFAULT);
  }
}

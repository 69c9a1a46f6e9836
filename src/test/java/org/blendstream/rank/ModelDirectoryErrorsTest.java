package org.blendstream.rank;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.blendstream.BlendConfig;
import org.blendstream.model.ModelDirectoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryErrorsTest {

  @TempDir Path tmp;

  private static BlendConfig config(Path dir) {
    return new BlendConfig(
        Map.of(
            BlendConfig.RANKER,
            "pairranker",
            BlendConfig.RANKER_MODEL_DIR,
            dir.toString(),
            BlendConfig.DEVICE,
            "cpu"));
  }

  private Path copyOfFixtureWithout(String file) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("model"));
    for (String f : new String[] {"model.pt", "tokenizer.json", "blendstream-model.json"}) {
      if (!f.equals(file)) {
        Files.copy(TinyFixture.dir().resolve(f), dir.resolve(f));
      }
    }
    return dir;
  }

  @Test
  void missingModelFileFailsNamingPathAndFile() throws IOException {
    Path dir = copyOfFixtureWithout("model.pt");
    ModelDirectoryException e =
        assertThrows(ModelDirectoryException.class, () -> PairRankerFactory.create(config(dir)));
    assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("model.pt"), e.getMessage());
  }

  @Test
  void missingDirectoryFailsNamingPath() {
    Path dir = tmp.resolve("no-such-model");
    ModelDirectoryException e =
        assertThrows(ModelDirectoryException.class, () -> PairRankerFactory.create(config(dir)));
    assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
  }

  @Test
  void manifestWithoutMarkerTokenFailsNamingPathAndRole() throws IOException {
    Path dir = copyOfFixtureWithout("none");
    String manifest =
        Files.readString(dir.resolve("blendstream-model.json"))
            .replace("\"candidate2\":", "\"renamed\":");
    Files.writeString(dir.resolve("blendstream-model.json"), manifest);
    ModelDirectoryException e =
        assertThrows(ModelDirectoryException.class, () -> PairRankerFactory.create(config(dir)));
    assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("candidate2"), e.getMessage());
  }

  @Test
  void corruptModelFileFailsNamingPath() throws IOException {
    Path dir = copyOfFixtureWithout("model.pt");
    Files.writeString(dir.resolve("model.pt"), "not a torchscript archive");
    ModelDirectoryException e =
        assertThrows(ModelDirectoryException.class, () -> PairRankerFactory.create(config(dir)));
    assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
  }
}

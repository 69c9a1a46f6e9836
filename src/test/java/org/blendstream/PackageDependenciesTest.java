package org.blendstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package map the README draws, read from the import lines of the main sources: data flows one way through
 * the stages, the embedded infrastructure knows no stage, and only {@code model} opens the built-in model.
 */
class PackageDependenciesTest {

  private static final Path MAIN = Path.of("src/main/java/org/blendstream");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.blendstream\\.([a-z.]+)\\.[A-Z]",
      Pattern.MULTILINE);
  private static final List<String> STAGES = List.of("ingest", "assemble", "rank", "fuse", "emit");
  private static final Set<String> BESIDE_STAGES = Set.of("cli", "eval", "train", "runtime");

  private record Edge(String from, String to) {
    @Override
    public String toString() {
      return from + " -> " + to;
    }
  }

  private static List<Edge> edges() {
    List<Edge> edges = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String from = MAIN.relativize(file.getParent()).toString().replace('/', '.');
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          edges.add(new Edge(from.isEmpty() ? "(root)" : from, m.group(1)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return edges;
  }

  private static Set<String> violations(Predicate<Edge> forbidden) {
    Set<String> out = new TreeSet<>();
    edges().stream().filter(forbidden).forEach(e -> out.add(e.toString()));
    return out;
  }

  @Test
  void aStageImportsOnlyTheStagesBeforeIt() {
    assertEquals(Set.of(), violations(e -> STAGES.contains(e.from()) && STAGES.contains(e.to())
        && STAGES.indexOf(e.to()) > STAGES.indexOf(e.from())));
  }

  @Test
  void noStageImportsTheCommandsEvaluationTrainingOrEmbeddedInfrastructure() {
    assertEquals(Set.of(), violations(e -> STAGES.contains(e.from()) && BESIDE_STAGES.contains(e.to())));
  }

  @Test
  void theEmbeddedInfrastructureKnowsNoStageAndNoModel() {
    assertEquals(Set.of(), violations(e -> e.from().equals("runtime")
        && (STAGES.contains(e.to()) || BESIDE_STAGES.contains(e.to()) || e.to().startsWith("model"))));
  }

  @Test
  void stagesReachTheBuiltInModelOnlyThroughModelsFactory() {
    assertEquals(Set.of(), violations(e -> STAGES.contains(e.from()) && e.to().startsWith("model.builtin")));
  }
}

package org.blendstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package map that the README draws, held against the import lines of the main sources. The map
 * is a stack of floors, read from the README's own drawing: a package imports only packages on
 * floors below its own, so no import runs up and no two packages import each other. The stages sit
 * in data-flow order ({@code ingest} lowest, {@code emit} highest), so data flows one way through
 * them; {@code model} and {@code runtime} sit under every stage, so they know none; and a package
 * missing from the drawing fails here until it is drawn.
 */
class PackageDependenciesTest {

  private static final Path MAIN = Path.of("src/main/java/org/blendstream");
  private static final Path GENERATED = Path.of("target/generated-sources/avro/org/blendstream");
  private static final Path README = Path.of("README.md");
  private static final String MAP_MARKER =
      "<!-- package map: PackageDependenciesTest reads the block below -->";

  /**
   * {@code org.blendstream.rank.Ranker} and {@code org.blendstream.BlendConfig}: the package, or ""
   * for the root.
   */
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?org\\.blendstream\\.((?:[a-z][a-z0-9]*\\.)*)[A-Z]",
          Pattern.MULTILINE);

  private static final String ROOT = "(root)";
  private static final List<String> STAGES = List.of("ingest", "assemble", "rank", "fuse", "emit");

  private record Edge(String from, String to) {
    @Override
    public String toString() {
      return from + " -> " + to;
    }
  }

  /** The README's floors, top first; each floor lists its packages. */
  private static List<List<String>> floors() {
    try {
      List<String> lines = Files.readAllLines(README);
      int at = lines.indexOf(MAP_MARKER);
      assertTrue(at >= 0, "the README has no package map block under '" + MAP_MARKER + "'");
      List<List<String>> floors = new ArrayList<>();
      for (String line : lines.subList(at + 2, lines.size())) {
        if (line.startsWith("```")) {
          break;
        }
        if (line.isBlank() || line.startsWith(" ")) {
          continue;
        }
        String packages = line.split(" {2,}", 2)[0];
        floors.add(List.of(packages.split(" \\| ")));
      }
      return floors;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int floorOf(List<List<String>> floors, String pkg) {
    for (int i = 0; i < floors.size(); i++) {
      if (floors.get(i).contains(pkg)) {
        return floors.size() - i;
      }
    }
    return -1;
  }

  private static Set<String> packages(Path root) {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .forEach(f -> out.add(name(root, f.getParent())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static String name(Path root, Path dir) {
    String relative = root.relativize(dir).toString().replace('/', '.');
    return relative.isEmpty() ? ROOT : relative;
  }

  private static List<Edge> edges() {
    List<Edge> edges = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String from = name(MAIN, file.getParent());
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          String to =
              m.group(1).isEmpty() ? ROOT : m.group(1).substring(0, m.group(1).length() - 1);
          if (!to.equals(from)) {
            edges.add(new Edge(from, to));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return edges;
  }

  @Test
  void everyPackageIsDrawnOnceInTheReadmesMap() {
    List<String> drawn = floors().stream().flatMap(List::stream).toList();
    Set<String> actual = packages(MAIN);
    if (Files.isDirectory(GENERATED)) {
      actual.addAll(packages(GENERATED));
    }
    assertEquals(
        actual,
        new TreeSet<>(drawn),
        "packages in the source tree against packages in the README's map");
    assertEquals(drawn.size(), new TreeSet<>(drawn).size(), "a package drawn twice: " + drawn);
  }

  @Test
  void everyImportGoesToALowerFloor() {
    List<List<String>> floors = floors();
    Set<String> up = new TreeSet<>();
    for (Edge e : edges()) {
      if (floorOf(floors, e.to()) >= floorOf(floors, e.from())) {
        up.add(e + " (floor " + floorOf(floors, e.from()) + " to " + floorOf(floors, e.to()) + ")");
      }
    }
    assertEquals(Set.of(), up);
  }

  @Test
  void theStagesAreStackedInDataFlowOrder() {
    List<List<String>> floors = floors();
    for (int i = 1; i < STAGES.size(); i++) {
      assertTrue(
          floorOf(floors, STAGES.get(i)) > floorOf(floors, STAGES.get(i - 1)),
          STAGES.get(i) + " must sit above " + STAGES.get(i - 1));
    }
    int lowestStage = floorOf(floors, STAGES.get(0));
    for (String beneath :
        List.of(
            "model",
            "model.chat",
            "model.builtin",
            "model.factory",
            "runtime",
            "runtime.registry",
            ROOT)) {
      assertTrue(
          floorOf(floors, beneath) < lowestStage,
          beneath + " must sit under every stage, so it knows none");
    }
  }

  @Test
  void stagesReachTheBuiltInModelOnlyThroughTheFactory() {
    Set<String> out = new TreeSet<>();
    edges().stream()
        .filter(e -> STAGES.contains(e.from()) && e.to().equals("model.builtin"))
        .forEach(e -> out.add(e.toString()));
    assertEquals(Set.of(), out);
  }
}

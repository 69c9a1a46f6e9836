package org.blendstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code mvn test} the fast loop: a test class that starts a broker, a registry or the
 * application, or drives one through a child process, must be an {@link IntegrationTest}, which
 * only {@code mvn verify} runs.
 */
class TestSplitTest {

  private static final Path TESTS = Path.of("src/test/java");

  /** What starts a broker, the registry or the app, in-process or as a child process. */
  private static final Pattern STARTS_INFRASTRUCTURE =
      Pattern.compile(
          "\\b(KafkaTestCluster|EmbeddedCluster|EmbeddedKafkaBroker|ProcessHarness|BlendApp|EmbeddedSchemaRegistry)\\b");

  @Test
  void everyTestThatStartsABrokerOrTheAppIsAnIntegrationTest() throws IOException {
    Set<String> untagged = new TreeSet<>();
    int tagged = 0;
    try (Stream<Path> files = Files.walk(TESTS)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith("Test.java"))
              .filter(f -> !f.endsWith("TestSplitTest.java"))
              .toList()) {
        String source = Files.readString(file);
        boolean integration = source.contains("\n@IntegrationTest\n");
        tagged += integration ? 1 : 0;
        if (!integration && STARTS_INFRASTRUCTURE.matcher(source).find()) {
          untagged.add(TESTS.relativize(file).toString());
        }
      }
    }
    assertEquals(
        Set.of(),
        untagged,
        "tests that start a broker, the registry or the app without @IntegrationTest");
    assertTrue(tagged >= 30, "only " + tagged + " integration tests found: is the tag still read?");
  }

  @Test
  void theBuildRunsTheTagOnlyInTheIntegrationTestPhase() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    for (String expected :
        List.of(
            "<excludedGroups>" + IntegrationTest.TAG + "</excludedGroups>",
            "<groups>" + IntegrationTest.TAG + "</groups>",
            "<artifactId>maven-failsafe-plugin</artifactId>")) {
      assertTrue(pom.contains(expected), "pom.xml lacks " + expected);
    }
  }
}

package org.blendstream.runtime.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Confluent's compatibility levels, each checking a new schema against a subject's earlier ones
 * with Avro's own {@link SchemaCompatibility}. BACKWARD means the new schema can read what the
 * latest wrote, FORWARD the reverse, FULL both; the transitive levels check against every live
 * version, newest first, and stop at the first that fails. Messages are worded as Confluent's
 * {@code SchemaValidatorBuilder} and {@code avro.Difference} word them, so that logs and {@code
 * verbose=true} answers read the same.
 */
enum Compatibility {
  NONE(false, false, false),
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true);

  /** Confluent's default, and ours when neither the subject nor the global config sets one. */
  static final Compatibility DEFAULT = BACKWARD;

  /** One earlier version of the subject, as the check sees it. */
  record Earlier(int version, Schema schema, String text) {}

  private final boolean newReadsOld;
  private final boolean oldReadsNew;
  private final boolean transitive;

  Compatibility(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
    this.newReadsOld = newReadsOld;
    this.oldReadsNew = oldReadsNew;
    this.transitive = transitive;
  }

  /**
   * The level named by a config request, in any case, or empty for a name Confluent would refuse.
   */
  static Optional<Compatibility> named(String name) {
    try {
      return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Why {@code candidate} may not follow {@code earlier} (oldest first) under this level; empty if
   * it may. The last message names the level, as Confluent's does.
   */
  List<String> check(Schema candidate, List<Earlier> earlier) {
    List<String> messages = new ArrayList<>();
    if (this == NONE || earlier.isEmpty()) {
      return messages;
    }
    List<Earlier> against =
        new ArrayList<>(transitive ? earlier : earlier.subList(earlier.size() - 1, earlier.size()));
    Collections.reverse(against);
    for (Earlier old : against) {
      messages.addAll(against(candidate, old));
      if (!messages.isEmpty()) {
        messages.add("{validateFields: 'false', compatibility: '" + name() + "'}");
        return messages;
      }
    }
    return messages;
  }

  private List<String> against(Schema candidate, Earlier old) {
    List<String> messages = new ArrayList<>();
    if (oldReadsNew) {
      // Confluent names the old schema only after the new-reads-old half, so a FULL failure of this
      // half alone omits it.
      messages.addAll(differences(old.schema(), candidate, "old", "new"));
      if (!newReadsOld && !messages.isEmpty()) {
        messages.addAll(describe(old));
      }
    }
    if (newReadsOld) {
      List<String> newSide = differences(candidate, old.schema(), "new", "old");
      messages.addAll(newSide);
      if (!newSide.isEmpty()) {
        messages.addAll(describe(old));
      }
    }
    return messages;
  }

  private static List<String> describe(Earlier old) {
    return List.of(
        "{oldSchemaVersion: " + old.version() + "}", "{oldSchema: '" + old.text() + "'}");
  }

  private static List<String> differences(
      Schema reader, Schema writer, String readerName, String writerName) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
        .getResult()
        .getIncompatibilities()
        .stream()
        .map(i -> difference(i, readerName, writerName))
        .toList();
  }

  private static String difference(Incompatibility incompatibility, String reader, String writer) {
    String path = incompatibility.getLocation();
    String description =
        switch (incompatibility.getType()) {
          case FIXED_SIZE_MISMATCH ->
              "The size of FIXED type field at path '"
                  + path
                  + "' in the "
                  + reader
                  + " schema does not match with the "
                  + writer
                  + " schema";
          case TYPE_MISMATCH ->
              "The type (path '"
                  + path
                  + "') of a field in the "
                  + reader
                  + " schema does not match with the "
                  + writer
                  + " schema";
          case NAME_MISMATCH -> "The name of the schema has changed (path '" + path + "')";
          case MISSING_ENUM_SYMBOLS ->
              "The "
                  + reader
                  + " schema is missing enum symbols '"
                  + incompatibility.getMessage()
                  + "' at path '"
                  + path
                  + "' in the "
                  + writer
                  + " schema";
          case MISSING_UNION_BRANCH ->
              "The "
                  + reader
                  + " schema is missing a type inside a union field at path '"
                  + path
                  + "' in the "
                  + writer
                  + " schema";
          case READER_FIELD_MISSING_DEFAULT_VALUE ->
              "The field '"
                  + incompatibility.getMessage()
                  + "' at path '"
                  + path
                  + "' in the "
                  + reader
                  + " schema has no default value and is missing in the "
                  + writer
                  + " schema";
          default -> "";
        };
    return "{errorType:'"
        + incompatibility.getType()
        + "', description:'"
        + description
        + "', additionalInfo:'"
        + incompatibility.getMessage()
        + "'}";
  }
}

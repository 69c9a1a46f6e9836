package org.blendstream.runtime.registry;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.Schema;

/**
 * Parses a registered or submitted schema together with the schemas it references: the referenced
 * ones, depth first, go into the same {@link Schema.Parser}, so that the named types they define
 * resolve, as Confluent's {@code AvroSchema} does. The normal form that ids are keyed by leaves the
 * referenced types out.
 */
final class AvroSchemaParser {

  record Parsed(Schema schema, String canonical) {}

  private final Function<RegisteredSchemas.Reference, Optional<RegisteredSchemas.Entry>> lookup;

  /** {@code lookup} finds a reference's subject version, soft-deleted ones included. */
  AvroSchemaParser(
      Function<RegisteredSchemas.Reference, Optional<RegisteredSchemas.Entry>> lookup) {
    this.lookup = lookup;
  }

  /** The parsed schema, or a 42201 failure that says why it is not one. */
  Parsed parse(String text, List<RegisteredSchemas.Reference> references) {
    Schema.Parser parser = new Schema.Parser();
    try {
      parseReferenced(parser, references, new HashSet<>());
      List<Schema> referenced = List.copyOf(parser.getTypes().values());
      Schema schema = parser.parse(text);
      return new Parsed(
          schema, referenced.isEmpty() ? schema.toString() : schema.toString(referenced, false));
    } catch (RegistryError.Failure e) {
      throw e;
    } catch (RuntimeException e) {
      // Avro reports some invalid schemas (an unknown type name) with exceptions other than
      // SchemaParseException.
      throw RegistryError.INVALID_SCHEMA.failure("Invalid schema: " + e.getMessage());
    }
  }

  private void parseReferenced(
      Schema.Parser parser, List<RegisteredSchemas.Reference> references, Set<String> parsed) {
    for (RegisteredSchemas.Reference ref : references) {
      RegisteredSchemas.Entry entry =
          lookup
              .apply(ref)
              .orElseThrow(
                  () ->
                      RegistryError.INVALID_SCHEMA.failure(
                          "Invalid schema: reference '"
                              + ref.name()
                              + "' names subject '"
                              + ref.subject()
                              + "' version "
                              + ref.version()
                              + ", which does not exist"));
      if (parsed.add(ref.subject() + '\0' + ref.version())) {
        parseReferenced(parser, entry.references(), parsed);
        parser.parse(entry.schema());
      }
    }
  }
}

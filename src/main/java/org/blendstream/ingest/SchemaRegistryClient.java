package org.blendstream.ingest;

import java.io.Closeable;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry API the serde needs. Implementations cache, because
 * the serde asks on every record.
 */
public interface SchemaRegistryClient extends Closeable {

  /** Registers the schema under the subject (idempotent) and returns its global id. */
  int register(String subject, Schema schema);

  /** The schema with this global id; throws {@link UnknownSchemaException} if there is none. */
  Schema getById(int id);

  @Override
  default void close() {}

  /**
   * Thrown when the registry did not answer a lookup (unreachable, timed out, overloaded) for
   * longer than a client holds a record: the registry's fault, not the record's, so the record is
   * read again later, never dead-lettered.
   */
  class RegistryUnavailableException extends RuntimeException {
    public RegistryUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Thrown for an id the registry does not know: a dead-letter reason, not a crash. */
  class UnknownSchemaException extends RuntimeException {
    public UnknownSchemaException(int id, String detail) {
      super("unknown schema id " + id + (detail == null ? "" : ": " + detail));
    }
  }
}

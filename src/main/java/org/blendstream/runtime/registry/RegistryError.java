package org.blendstream.runtime.registry;

/**
 * The registry's error answers, with the HTTP status, {@code error_code} and message text of
 * Confluent's {@code io.confluent.kafka.schemaregistry.rest.exceptions.Errors} and its exception
 * classes, so that clients which switch on the code (the serializers, kafkajs' registry client)
 * behave as against Confluent.
 */
enum RegistryError {
  NOT_FOUND(404, 404, "HTTP 404 Not Found"),
  SUBJECT_NOT_FOUND(404, 40401, "Subject '%s' not found."),
  VERSION_NOT_FOUND(404, 40402, "Version %s not found."),
  SCHEMA_NOT_FOUND(404, 40403, "Schema not found"),
  SCHEMA_ID_NOT_FOUND(404, 40403, "Schema %s not found"),
  SUBJECT_SOFT_DELETED(
      404, 40404, "Subject '%s' was soft deleted.Set permanent=true to delete permanently"),
  SUBJECT_NOT_SOFT_DELETED(
      404, 40405, "Subject '%s' was not deleted first before being permanently deleted"),
  VERSION_SOFT_DELETED(
      404,
      40406,
      "Subject '%s' Version %s was soft deleted.Set permanent=true to delete permanently"),
  VERSION_NOT_SOFT_DELETED(
      404, 40407, "Subject '%s' Version %s was not deleted first before being permanently deleted"),
  SUBJECT_COMPATIBILITY_NOT_CONFIGURED(
      404, 40408, "Subject '%s' does not have subject-level compatibility configured"),
  SUBJECT_MODE_NOT_CONFIGURED(
      404, 40409, "Subject '%s' does not have subject-level mode configured"),
  // Confluent answered 409 with error_code 409 for years; its master moved the code to 40901 in
  // December 2025.
  INCOMPATIBLE_SCHEMA(
      409,
      409,
      "Schema being registered is incompatible with an earlier schema for subject \"%s\", details:"
          + " %s"),
  INVALID_SCHEMA(422, 42201, "%s"),
  INVALID_VERSION(
      422,
      42202,
      "The specified version '%s' is not a valid version id. Allowed values are between [1, 2^31-1]"
          + " and the string \"latest\""),
  INVALID_COMPATIBILITY_LEVEL(
      422,
      42203,
      "Invalid compatibility level. Valid values are none, backward, forward, full,"
          + " backward_transitive, forward_transitive, and full_transitive"),
  INVALID_MODE(
      422, 42204, "Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD."),
  OPERATION_NOT_PERMITTED(422, 42205, "%s"),
  REFERENCE_EXISTS(422, 42206, "One or more references exist to the schema %s."),
  STORE_ERROR(500, 50001, "%s"),
  OPERATION_TIMEOUT(500, 50002, "%s"),
  // Not in Errors: the answer of Confluent's rest-utils to a request body that is not JSON.
  UNPARSEABLE_BODY(400, 400, "%s");

  final int status;
  final int code;
  private final String format;

  RegistryError(int status, int code, String format) {
    this.status = status;
    this.code = code;
    this.format = format;
  }

  /** Longest text of a client's (a schema, a name) that an error message or a log line repeats. */
  static final int MAX_QUOTED_CHARS = 300;

  /**
   * Text arguments are cut to {@link #MAX_QUOTED_CHARS}: a 1.5 MB schema's error must not echo the
   * schema.
   */
  Failure failure(Object... args) {
    Object[] cut = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      cut[i] = args[i] instanceof String text ? abbreviate(text) : args[i];
    }
    return new Failure(this, String.format(format, cut));
  }

  /** The text, or its start and how long it was. */
  static String abbreviate(String text) {
    if (text == null || text.length() <= MAX_QUOTED_CHARS) {
      return text;
    }
    return text.substring(0, MAX_QUOTED_CHARS) + "... (" + text.length() + " chars)";
  }

  /**
   * An answer that is not 200: thrown from deep in an operation, turned into Confluent's error JSON
   * at the edge.
   */
  static final class Failure extends RuntimeException {
    final RegistryError error;

    Failure(RegistryError error, String message) {
      super(message, null, false, false);
      this.error = error;
    }
  }
}

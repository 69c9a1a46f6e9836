package org.blendstream.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each REST call of the registry does, decided as Confluent's {@code KafkaSchemaRegistry} and
 * its resources decide it, over the state in memory and the {@code _schemas} log. Every change is
 * written to the log before it is applied and answered, so what a client saw survives a restart.
 * Answers are the JSON bodies; anything else is a {@link RegistryError.Failure}. One lock
 * serialises all calls.
 */
final class RegistryOperations {

  /**
   * A schema as a request submits it: the text, its type, and the references it resolves its names
   * through.
   */
  record Submitted(
      String schema, String schemaType, List<RegisteredSchemas.Reference> references) {}

  private static final Logger LOG = LoggerFactory.getLogger(RegistryOperations.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String AVRO = "AVRO";

  private final SchemaLog log;
  private RegisteredSchemas state;
  private boolean logUncertain;

  RegistryOperations(SchemaLog log, RegisteredSchemas replayed) {
    this.log = log;
    this.state = replayed;
  }

  // ---- schemas by id

  synchronized JsonNode schemaById(int id) {
    RegisteredSchemas.Entry e =
        state.byId(id).orElseThrow(() -> RegistryError.SCHEMA_ID_NOT_FOUND.failure(id));
    ObjectNode body = JSON.createObjectNode();
    putReferences(body, e.references());
    return body.put("schema", e.schema());
  }

  synchronized String rawSchemaById(int id) {
    return state.byId(id).orElseThrow(() -> RegistryError.SCHEMA_ID_NOT_FOUND.failure(id)).schema();
  }

  synchronized JsonNode subjectsOfId(int id, boolean includeDeleted) {
    List<String> subjects =
        state.withId(id, includeDeleted).stream()
            .map(RegisteredSchemas.Entry::subject)
            .distinct()
            .sorted()
            .toList();
    if (subjects.isEmpty()) {
      throw RegistryError.SCHEMA_NOT_FOUND.failure();
    }
    return JSON.valueToTree(subjects);
  }

  synchronized JsonNode versionsOfId(int id, boolean includeDeleted) {
    List<RegisteredSchemas.Entry> entries = state.withId(id, includeDeleted);
    if (entries.isEmpty()) {
      throw RegistryError.SCHEMA_NOT_FOUND.failure();
    }
    ArrayNode out = JSON.createArrayNode();
    entries.forEach(e -> out.addObject().put("subject", e.subject()).put("version", e.version()));
    return out;
  }

  // ---- subjects and versions

  synchronized JsonNode subjects(boolean includeDeleted) {
    return JSON.valueToTree(state.subjects(includeDeleted));
  }

  synchronized JsonNode versions(String subject, boolean includeDeleted) {
    List<RegisteredSchemas.Entry> versions = state.versions(subject, includeDeleted);
    if (versions.isEmpty()) {
      throw RegistryError.SUBJECT_NOT_FOUND.failure(subject);
    }
    return JSON.valueToTree(versions.stream().map(RegisteredSchemas.Entry::version).toList());
  }

  synchronized JsonNode version(String subject, String version, boolean includeDeleted) {
    return entryJson(entry(subject, version, includeDeleted));
  }

  synchronized String rawSchema(String subject, String version, boolean includeDeleted) {
    return entry(subject, version, includeDeleted).schema();
  }

  synchronized JsonNode referencedBy(String subject, String version) {
    RegisteredSchemas.Entry e = entry(subject, version, true);
    return JSON.valueToTree(state.referencedBy(e.subject(), e.version(), false));
  }

  synchronized JsonNode lookup(String subject, Submitted submitted, boolean includeDeleted) {
    AvroSchemaParser.Parsed parsed = parse(submitted);
    if (state.versions(subject, includeDeleted).isEmpty()) {
      throw RegistryError.SUBJECT_NOT_FOUND.failure(subject);
    }
    return state
        .find(subject, parsed.canonical(), submitted.references(), includeDeleted)
        .map(this::entryJson)
        .orElseThrow(() -> RegistryError.SCHEMA_NOT_FOUND.failure());
  }

  /**
   * Registers under the subject's compatibility level; the same schema again answers its existing
   * id.
   */
  synchronized JsonNode register(String subject, Submitted submitted) {
    rereadIfUncertain();
    AvroSchemaParser.Parsed parsed = parse(submitted);
    RegisteredSchemas.Decision decision =
        state.decide(subject, parsed.canonical(), submitted.references());
    if (decision.isNew()) {
      List<String> problems =
          state.effectiveConfig(subject).check(parsed.schema(), earlier(subject));
      if (!problems.isEmpty()) {
        throw RegistryError.INCOMPATIBLE_SCHEMA.failure(subject, problems);
      }
      write(decision.entry());
      LOG.debug(
          "Registered schema id {} as version {} of subject {}",
          decision.entry().id(),
          decision.entry().version(),
          subject);
    }
    return JSON.createObjectNode().put("id", decision.entry().id());
  }

  /**
   * A soft delete marks the live versions deleted; a permanent one, allowed only after it, forgets
   * them all.
   */
  synchronized JsonNode deleteSubject(String subject, boolean permanent) {
    rereadIfUncertain();
    List<RegisteredSchemas.Entry> all = state.versions(subject, true);
    if (all.isEmpty()) {
      throw RegistryError.SUBJECT_NOT_FOUND.failure(subject);
    }
    List<RegisteredSchemas.Entry> doomed = permanent ? all : state.versions(subject, false);
    if (doomed.isEmpty()) {
      throw RegistryError.SUBJECT_SOFT_DELETED.failure(subject);
    }
    for (RegisteredSchemas.Entry e : doomed) {
      if (!state.referencingSubjects(subject, e.version(), permanent).isEmpty()) {
        throw RegistryError.REFERENCE_EXISTS.failure(keyText(e));
      }
      if (permanent && !e.deleted()) {
        throw RegistryError.SUBJECT_NOT_SOFT_DELETED.failure(subject);
      }
    }
    if (permanent) {
      // Newest first, as Confluent does, so a version referenced by a later one of the same subject
      // goes last.
      for (int i = doomed.size() - 1; i >= 0; i--) {
        write(new RegisteredSchemas.Forgotten(subject, doomed.get(i).version()));
      }
      forgetConfig(subject);
    } else {
      write(new RegisteredSchemas.SubjectDeleted(subject, doomed.get(doomed.size() - 1).version()));
    }
    return JSON.valueToTree(doomed.stream().map(RegisteredSchemas.Entry::version).toList());
  }

  synchronized JsonNode deleteVersion(String subject, String version, boolean permanent) {
    rereadIfUncertain();
    VersionId id = VersionId.parse(version);
    if (!permanent
        && !id.latest()
        && state
            .version(subject, id.number(), true)
            .filter(RegisteredSchemas.Entry::deleted)
            .isPresent()) {
      throw RegistryError.VERSION_SOFT_DELETED.failure(subject, version);
    }
    // "latest" is the newest live version for a soft delete, and the newest of all for a permanent
    // one.
    RegisteredSchemas.Entry e = entry(subject, id, !id.latest() || permanent);
    if (!state.referencedBy(subject, e.version(), permanent).isEmpty()) {
      throw RegistryError.REFERENCE_EXISTS.failure(keyText(e));
    }
    if (permanent && !e.deleted()) {
      throw RegistryError.VERSION_NOT_SOFT_DELETED.failure(subject, Integer.toString(e.version()));
    }
    if (permanent) {
      write(new RegisteredSchemas.Forgotten(subject, e.version()));
      if (state.versions(subject, true).isEmpty()) {
        forgetConfig(subject);
      }
    } else {
      write(e.asDeleted());
    }
    return JSON.getNodeFactory().numberNode(e.version());
  }

  // ---- compatibility

  /** Against one version ({@code version} non-null) or all live ones, under the subject's level. */
  synchronized JsonNode compatibility(
      String subject, String version, Submitted submitted, boolean verbose) {
    List<Compatibility.Earlier> against;
    if (version == null) {
      against = earlier(subject);
    } else {
      VersionId id = VersionId.parse(version);
      Optional<RegisteredSchemas.Entry> e =
          id.latest() ? state.latest(subject, false) : state.version(subject, id.number(), false);
      if (e.isEmpty() && !id.latest()) {
        throw RegistryError.VERSION_NOT_FOUND.failure(id.number());
      }
      against = e.map(x -> List.of(earlier(x))).orElse(List.of());
    }
    List<String> problems;
    try {
      problems = state.effectiveConfig(subject).check(parse(submitted).schema(), against);
    } catch (RegistryError.Failure f) {
      if (!verbose || f.error != RegistryError.INVALID_SCHEMA) {
        throw f;
      }
      problems = List.of(f.getMessage());
    }
    ObjectNode body = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
    if (verbose) {
      problems.forEach(body.putArray("messages")::add);
    }
    return body;
  }

  // ---- config and mode

  /**
   * The subject's own level (40408 if it has none, unless {@code defaultToGlobal}); {@code null} is
   * the global one.
   */
  synchronized JsonNode config(String subject, boolean defaultToGlobal) {
    Compatibility level;
    if (subject == null) {
      level = state.config(null).orElse(Compatibility.DEFAULT);
    } else if (defaultToGlobal) {
      level = state.effectiveConfig(subject);
    } else {
      level =
          state
              .config(subject)
              .orElseThrow(
                  () -> RegistryError.SUBJECT_COMPATIBILITY_NOT_CONFIGURED.failure(subject));
    }
    return JSON.createObjectNode().put("compatibilityLevel", level.name());
  }

  synchronized JsonNode setConfig(String subject, JsonNode request) {
    rereadIfUncertain();
    JsonNode requested = request.path("compatibility");
    if (requested.isMissingNode() || requested.isNull()) {
      // Confluent accepts a request that changes no level and answers it back unchanged.
      return JSON.createObjectNode();
    }
    Compatibility level =
        Compatibility.named(requested.asText())
            .orElseThrow(() -> RegistryError.INVALID_COMPATIBILITY_LEVEL.failure());
    write(new RegisteredSchemas.Configured(subject, level));
    return JSON.createObjectNode().put("compatibility", level.name());
  }

  /** Answers the level that was removed; the global one falls back to Confluent's default. */
  synchronized JsonNode deleteConfig(String subject) {
    rereadIfUncertain();
    Optional<Compatibility> old = state.config(subject);
    if (subject != null && old.isEmpty()) {
      throw RegistryError.SUBJECT_NOT_FOUND.failure(subject);
    }
    if (old.isPresent()) {
      write(new RegisteredSchemas.Configured(subject, null));
    }
    return JSON.createObjectNode()
        .put("compatibilityLevel", old.orElse(Compatibility.DEFAULT).name());
  }

  /**
   * Only READWRITE is served: no subject sets a mode of its own, so one answers 40409 unless it may
   * default.
   */
  static JsonNode mode(String subject, boolean defaultToGlobal) {
    if (subject != null && !defaultToGlobal) {
      throw RegistryError.SUBJECT_MODE_NOT_CONFIGURED.failure(subject);
    }
    return JSON.createObjectNode().put("mode", "READWRITE");
  }

  static JsonNode setMode(JsonNode request) {
    String mode = request.path("mode").asText("");
    if (!List.of("READWRITE", "READONLY", "READONLY_OVERRIDE", "IMPORT", "FORWARD")
        .contains(mode)) {
      throw RegistryError.INVALID_MODE.failure();
    }
    if (!mode.equals("READWRITE")) {
      throw RegistryError.OPERATION_NOT_PERMITTED.failure(
          "Mode "
              + mode
              + " is not supported by the embedded"
              + " schema registry; it is always READWRITE");
    }
    return JSON.createObjectNode().put("mode", mode);
  }

  // ---- helpers

  private RegisteredSchemas.Entry entry(String subject, String version, boolean includeDeleted) {
    return entry(subject, VersionId.parse(version), includeDeleted);
  }

  private RegisteredSchemas.Entry entry(String subject, VersionId version, boolean includeDeleted) {
    Optional<RegisteredSchemas.Entry> e =
        version.latest()
            ? state.latest(subject, includeDeleted)
            : state.version(subject, version.number(), includeDeleted);
    return e.orElseThrow(
        () ->
            state.versions(subject, includeDeleted).isEmpty()
                ? RegistryError.SUBJECT_NOT_FOUND.failure(subject)
                : RegistryError.VERSION_NOT_FOUND.failure(version.number()));
  }

  private List<Compatibility.Earlier> earlier(String subject) {
    return state.versions(subject, false).stream().map(this::earlier).toList();
  }

  private Compatibility.Earlier earlier(RegisteredSchemas.Entry e) {
    return new Compatibility.Earlier(
        e.version(), parser().parse(e.schema(), e.references()).schema(), e.schema());
  }

  private AvroSchemaParser.Parsed parse(Submitted submitted) {
    if (!submitted.schemaType().equals(AVRO)) {
      throw RegistryError.INVALID_SCHEMA.failure("Invalid schema type " + submitted.schemaType());
    }
    return parser().parse(submitted.schema(), submitted.references());
  }

  private AvroSchemaParser parser() {
    return new AvroSchemaParser(ref -> state.version(ref.subject(), ref.version(), true));
  }

  private void forgetConfig(String subject) {
    if (state.config(subject).isPresent()) {
      write(new RegisteredSchemas.Configured(subject, null));
    }
  }

  /** Log first, then memory: an answer a client saw is always durable. */
  private void write(RegisteredSchemas.Change change) {
    try {
      log.append(change);
    } catch (RegistryError.Failure refusedBeforeWriting) {
      throw refusedBeforeWriting;
    } catch (RuntimeException e) {
      // A timed-out write may still land in the log; deciding the next id from memory could then
      // give one id to two schemas, so the next change first re-reads the log.
      logUncertain = true;
      if (e.getCause() instanceof java.util.concurrent.TimeoutException) {
        throw RegistryError.OPERATION_TIMEOUT.failure(
            "Write to the Kafka store timed out: " + e.getMessage());
      }
      throw RegistryError.STORE_ERROR.failure("Error in the backend data store: " + e.getMessage());
    }
    state.apply(change);
  }

  private void rereadIfUncertain() {
    if (logUncertain) {
      RegisteredSchemas replayed = new RegisteredSchemas();
      log.replay(replayed::apply);
      state = replayed;
      logUncertain = false;
    }
  }

  private ObjectNode entryJson(RegisteredSchemas.Entry e) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("subject", e.subject())
            .put("version", e.version())
            .put("id", e.id());
    putReferences(body, e.references());
    return body.put("schema", e.schema());
  }

  private static void putReferences(ObjectNode body, List<RegisteredSchemas.Reference> references) {
    if (!references.isEmpty()) {
      ArrayNode refs = body.putArray("references");
      references.forEach(
          r ->
              refs.addObject()
                  .put("name", r.name())
                  .put("subject", r.subject())
                  .put("version", r.version()));
    }
  }

  private static String keyText(RegisteredSchemas.Entry e) {
    return "{magic=1,keytype=SCHEMA,subject=" + e.subject() + ",version=" + e.version() + "}";
  }

  /**
   * A version path segment: a number from 1, or {@code latest} / {@code -1}; anything else is
   * 42202.
   */
  record VersionId(boolean latest, int number) {
    static VersionId parse(String text) {
      if (text.equals("latest")) {
        return new VersionId(true, -1);
      }
      try {
        int n = Integer.parseInt(text);
        if (n == -1) {
          return new VersionId(true, -1);
        }
        if (n > 0) {
          return new VersionId(false, n);
        }
      } catch (NumberFormatException e) {
        // falls through to the 42202 below, as Confluent's VersionId does
      }
      throw RegistryError.INVALID_VERSION.failure(text);
    }
  }
}

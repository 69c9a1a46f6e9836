package org.blendstream.runtime.registry;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The registry's state in memory: per subject its versions in order (soft-deleted ones kept and
 * marked), and the compatibility configs. It changes only by {@link #apply}ing the same {@link
 * Change}s that the {@code _schemas} log holds, so a replay rebuilds exactly what was served; the
 * registry writes a change to the log first and applies it here only once the log has it. Not
 * thread-safe: the registry serialises access.
 */
final class RegisteredSchemas {

  /**
   * A named type that a schema takes from another subject's version, as Confluent's {@code
   * SchemaReference}.
   */
  record Reference(String name, String subject, int version) {}

  /** One state change, as one record of the log carries it. */
  sealed interface Change permits Entry, Forgotten, SubjectDeleted, Configured {}

  /** One subject version, as the log stores it and the REST API returns it. */
  record Entry(
      String subject,
      int version,
      int id,
      String schema,
      List<Reference> references,
      boolean deleted)
      implements Change {
    Entry {
      references = List.copyOf(references);
    }

    Entry(String subject, int version, int id, String schema) {
      this(subject, version, id, schema, List.of(), false);
    }

    Entry asDeleted() {
      return new Entry(subject, version, id, schema, references, true);
    }

    boolean sameSchema(String otherSchema, List<Reference> otherReferences) {
      return schema.equals(otherSchema) && references.equals(otherReferences);
    }
  }

  /** A permanent delete of one version: the tombstone of its key. */
  record Forgotten(String subject, int version) implements Change {}

  /**
   * A soft delete of a whole subject: every version up to {@code upToVersion} is marked deleted.
   */
  record SubjectDeleted(String subject, int upToVersion) implements Change {}

  /**
   * A compatibility config set, or removed when {@code level} is null; {@code subject} null is the
   * global one.
   */
  record Configured(String subject, Compatibility level) implements Change {}

  /**
   * What registering a schema under a subject means; the caller must {@link #apply} a new entry
   * before deciding again.
   */
  record Decision(Entry entry, boolean isNew) {}

  private final Map<String, TreeMap<Integer, Entry>> versionsBySubject = new TreeMap<>();
  private final Map<String, Compatibility> configBySubject = new HashMap<>();
  private Compatibility globalConfig;
  // Never lowered by a permanent delete: an id once handed out keeps meaning one schema in records
  // already written.
  private int maxId;

  void apply(Change change) {
    // Java 17 has no pattern switch; the sealed interface still keeps the cases to these four.
    if (change instanceof Entry entry) {
      versionsBySubject
          .computeIfAbsent(entry.subject(), s -> new TreeMap<>())
          .put(entry.version(), entry);
      maxId = Math.max(maxId, entry.id());
    } else if (change instanceof Forgotten forgotten) {
      TreeMap<Integer, Entry> versions = versionsBySubject.get(forgotten.subject());
      if (versions != null) {
        versions.remove(forgotten.version());
        if (versions.isEmpty()) {
          versionsBySubject.remove(forgotten.subject());
        }
      }
    } else if (change instanceof SubjectDeleted deleted) {
      versionsBySubject
          .getOrDefault(deleted.subject(), new TreeMap<>())
          .replaceAll((version, e) -> version <= deleted.upToVersion() ? e.asDeleted() : e);
    } else if (change instanceof Configured configured) {
      if (configured.subject() == null) {
        globalConfig = configured.level();
      } else if (configured.level() == null) {
        configBySubject.remove(configured.subject());
      } else {
        configBySubject.put(configured.subject(), configured.level());
      }
    }
  }

  /**
   * The live version of {@code subject} that already has this schema, else a new version (one above
   * every version the subject ever had, soft-deleted ones included) that reuses the schema's global
   * id or takes the next one.
   */
  Decision decide(String subject, String schema, List<Reference> references) {
    Optional<Entry> existing = find(subject, schema, references, false);
    if (existing.isPresent()) {
      return new Decision(existing.get(), false);
    }
    int id =
        allEntries()
            .filter(e -> e.sameSchema(schema, references))
            .map(Entry::id)
            .findFirst()
            .orElse(maxId + 1);
    TreeMap<Integer, Entry> versions = versionsBySubject.getOrDefault(subject, new TreeMap<>());
    int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
    return new Decision(new Entry(subject, version, id, schema, references, false), true);
  }

  /**
   * Any version that carries {@code id}, a live one first: ids of soft-deleted versions still
   * resolve.
   */
  Optional<Entry> byId(int id) {
    return withId(id, true).stream().min((a, b) -> Boolean.compare(a.deleted(), b.deleted()));
  }

  List<Entry> withId(int id, boolean includeDeleted) {
    return allEntries().filter(e -> e.id() == id && (includeDeleted || !e.deleted())).toList();
  }

  List<String> subjects(boolean includeDeleted) {
    return versionsBySubject.keySet().stream()
        .filter(s -> !versions(s, includeDeleted).isEmpty())
        .toList();
  }

  /** The versions of a subject, oldest first; empty if the subject is unknown. */
  List<Entry> versions(String subject, boolean includeDeleted) {
    Collection<Entry> all = versionsBySubject.getOrDefault(subject, new TreeMap<>()).values();
    return all.stream().filter(e -> includeDeleted || !e.deleted()).toList();
  }

  Optional<Entry> version(String subject, int version, boolean includeDeleted) {
    return Optional.ofNullable(
            versionsBySubject.getOrDefault(subject, new TreeMap<>()).get(version))
        .filter(e -> includeDeleted || !e.deleted());
  }

  Optional<Entry> latest(String subject, boolean includeDeleted) {
    List<Entry> versions = versions(subject, includeDeleted);
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  Optional<Entry> find(
      String subject, String schema, List<Reference> references, boolean includeDeleted) {
    return versions(subject, includeDeleted).stream()
        .filter(e -> e.sameSchema(schema, references))
        .findFirst();
  }

  /** The ids of the schemas whose references name this subject version, ascending. */
  List<Integer> referencedBy(String subject, int version, boolean includeDeleted) {
    return referrers(subject, version, includeDeleted).map(Entry::id).distinct().sorted().toList();
  }

  /** The subjects other than {@code subject} whose schemas reference one of its versions. */
  List<String> referencingSubjects(String subject, int version, boolean includeDeleted) {
    return referrers(subject, version, includeDeleted)
        .map(Entry::subject)
        .filter(s -> !s.equals(subject))
        .distinct()
        .toList();
  }

  /**
   * The level set for the subject itself, or for {@code null} the global one; empty if none was
   * set.
   */
  Optional<Compatibility> config(String subject) {
    return Optional.ofNullable(subject == null ? globalConfig : configBySubject.get(subject));
  }

  /**
   * The level that applies to the subject: its own, else the global one, else Confluent's default.
   */
  Compatibility effectiveConfig(String subject) {
    return config(subject).or(() -> config(null)).orElse(Compatibility.DEFAULT);
  }

  private Stream<Entry> referrers(String subject, int version, boolean includeDeleted) {
    return allEntries()
        .filter(e -> includeDeleted || !e.deleted())
        .filter(
            e ->
                e.references().stream()
                    .anyMatch(r -> r.subject().equals(subject) && r.version() == version));
  }

  private Stream<Entry> allEntries() {
    return versionsBySubject.values().stream().flatMap(v -> v.values().stream());
  }
}

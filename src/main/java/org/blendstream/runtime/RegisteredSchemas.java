package org.blendstream.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's state in memory: global ids by schema text, and per subject its versions in order.
 * It decides ids and versions but does not persist them; the registry writes a decision to the
 * {@code _schemas} log first and applies it here only once the log has it. Not thread-safe: the
 * registry serialises access.
 */
final class RegisteredSchemas {

  /** One subject version, as the log stores it and the REST API returns it. */
  record Entry(String subject, int version, int id, String schema) {}

  private final Map<String, Integer> idBySchema = new HashMap<>();
  private final Map<Integer, String> schemaById = new HashMap<>();
  private final Map<String, List<Entry>> versionsBySubject = new TreeMap<>();
  private int maxId;

  /**
   * What registering {@code schema} under {@code subject} means: the existing entry if the subject
   * already has this schema, else a new version that reuses the schema's global id or takes the next one.
   * The caller must {@link #apply} a new entry before deciding again.
   */
  Decision decide(String subject, String schema) {
    Optional<Entry> existing = find(subject, schema);
    if (existing.isPresent()) {
      return new Decision(existing.get(), false);
    }
    int id = idBySchema.getOrDefault(schema, maxId + 1);
    List<Entry> versions = versionsBySubject.getOrDefault(subject, List.of());
    int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
    return new Decision(new Entry(subject, version, id, schema), true);
  }

  record Decision(Entry entry, boolean isNew) {}

  /** Adds an entry from the log; replaying the same entry twice changes nothing. */
  void apply(Entry entry) {
    List<Entry> versions = versionsBySubject.computeIfAbsent(entry.subject(), s -> new ArrayList<>());
    if (versions.stream().anyMatch(e -> e.version() == entry.version())) {
      return;
    }
    versions.add(entry);
    versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
    idBySchema.putIfAbsent(entry.schema(), entry.id());
    schemaById.putIfAbsent(entry.id(), entry.schema());
    maxId = Math.max(maxId, entry.id());
  }

  Optional<String> schema(int id) {
    return Optional.ofNullable(schemaById.get(id));
  }

  List<String> subjects() {
    return List.copyOf(versionsBySubject.keySet());
  }

  /** The versions of a subject, oldest first; empty if the subject is unknown. */
  List<Entry> versions(String subject) {
    return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
  }

  Optional<Entry> find(String subject, String schema) {
    return versions(subject).stream().filter(e -> e.schema().equals(schema)).findFirst();
  }
}

package org.blendstream.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A registry held in memory and shared per scope, for {@code mock://<scope>} URLs as Confluent's
 * serde allows: TopologyTestDriver tests need schema ids without a server.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

  private static final Map<String, InMemorySchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

  private final Map<Schema, Integer> ids = new HashMap<>();
  private final Map<Integer, Schema> schemas = new HashMap<>();

  public static InMemorySchemaRegistryClient forScope(String scope) {
    return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistryClient());
  }

  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    return ids.computeIfAbsent(
        schema,
        s -> {
          int id = schemas.size() + 1;
          schemas.put(id, s);
          return id;
        });
  }

  @Override
  public synchronized Schema getById(int id) {
    Schema s = schemas.get(id);
    if (s == null) {
      throw new UnknownSchemaException(
          id, "not in mock registry (known: " + List.copyOf(schemas.keySet()) + ")");
    }
    return s;
  }
}

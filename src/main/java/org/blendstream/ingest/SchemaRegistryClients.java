package org.blendstream.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One cached client per registry URL, shared by every serde of the process. */
public final class SchemaRegistryClients {

  public static final String MOCK_SCHEME = "mock://";
  private static final Map<String, SchemaRegistryClient> CLIENTS = new ConcurrentHashMap<>();

  private SchemaRegistryClients() {}

  public static SchemaRegistryClient forUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(
          "schema.registry.url is not set and no embedded registry was started");
    }
    if (url.startsWith(MOCK_SCHEME)) {
      return InMemorySchemaRegistryClient.forScope(url.substring(MOCK_SCHEME.length()));
    }
    return CLIENTS.computeIfAbsent(url, RestSchemaRegistryClient::new);
  }
}

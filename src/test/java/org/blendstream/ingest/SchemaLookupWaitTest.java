package org.blendstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.blendstream.BlendConfig;
import org.blendstream.BlendMetrics;
import org.blendstream.IntegrationTest;
import org.blendstream.avro.Candidate;
import org.blendstream.runtime.KafkaTestCluster;
import org.blendstream.runtime.registry.EmbeddedSchemaRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A record whose schema id is not cached yet, read while the registry is down: the lookup waits
 * (counted) and answers once the registry is back, instead of failing the record into the DLQ. The
 * registry is the real embedded one, on the real broker, stopped and started on its port. Before,
 * the first refused connection threw, and the deserialization handler dead-lettered a valid record;
 * a registry that never comes back is not the record's fault either, so the handler holds it (fails
 * the thread, which reads it again) instead of dead-lettering it.
 */
@IntegrationTest
class SchemaLookupWaitTest {

  @RegisterExtension static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  @Test
  void aLookupWaitsForARegistryThatIsDownAndAnswersWhenItIsBack() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    EmbeddedSchemaRegistry registry =
        new EmbeddedSchemaRegistry(KAFKA.bootstrapServers(), port).start();
    Candidate candidate =
        Candidate.newBuilder()
            .setRequestId("r1")
            .setModel("m1")
            .setText("t")
            .setInstruction("i")
            .setCreatedAt(1L)
            .build();
    byte[] bytes =
        new SpecificAvroSerde<>(Candidate.class, new RestSchemaRegistryClient(url), false)
            .serialize("blend.candidates.m1", candidate);
    registry.close();

    long waitsBefore = RestSchemaRegistryClient.lookupWaits();
    // A fresh client: nothing cached, as in a restarted app.
    SpecificAvroSerde<Candidate> reader =
        new SpecificAvroSerde<>(Candidate.class, new RestSchemaRegistryClient(url), false);
    CompletableFuture<Candidate> read =
        CompletableFuture.supplyAsync(() -> reader.deserialize("blend.candidates.m1", bytes));
    Thread.sleep(2_000);
    assertTrue(
        !read.isDone(),
        "the record is held while the registry is down: " + (read.isDone() ? read.join() : ""));
    registry = new EmbeddedSchemaRegistry(KAFKA.bootstrapServers(), port).start();
    try {
      assertEquals(candidate, read.get(30, TimeUnit.SECONDS));
    } finally {
      registry.close();
    }
    long waits = RestSchemaRegistryClient.lookupWaits() - waitsBefore;
    System.out.printf("schema lookup waits while the registry was down: %d%n", waits);
    assertTrue(waits >= 2, "the waits are counted: " + waits);
    PrometheusMeterRegistry meters = (PrometheusMeterRegistry) BlendMetrics.prometheus().registry();
    RestSchemaRegistryClient.bindLookupWaits(meters);
    String scrape = meters.scrape();
    assertTrue(
        scrape
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("blendstream_schema_lookup_waits_total ")
                        && Double.parseDouble(l.substring(l.indexOf(' ') + 1)) >= waits),
        "the metric counts them");
  }

  @Test
  void aRegistryThatStaysDownIsNotTheRecordsFaultTheHandlerHoldsTheRecord() {
    DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
    handler.configure(
        Map.of(
            DeadLetters.HANDLER_CONFIG,
            new BlendConfig(Map.of(BlendConfig.SCHEMA_REGISTRY_URL, "mock://held"))));
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(
            "blend.candidates.a", 0, 7L, "r1".getBytes(), new byte[] {0, 0, 0, 0, 5, 1});
    Exception unavailable =
        new SerializationException(
            "wrapped",
            new SchemaRegistryClient.RegistryUnavailableException(
                "schema registry did not answer", null));

    DeserializationExceptionHandler.Response response =
        handler.handleError(null, record, unavailable);

    assertEquals(DeserializationExceptionHandler.Result.FAIL, response.result());
    assertTrue(response.deadLetterQueueRecords().isEmpty(), "nothing dead-lettered");
  }
}

package org.blendstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.blendstream.BlendConfig;
import org.blendstream.app.StreamsSettings;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.DeadLetter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dead letters written by the Streams exception handlers go through {@code value.serde.factory},
 * like every topic.
 */
class DeadLetterSerdeFactoryTest {

  private static final String CANDIDATES = "blend.candidates.a";

  private final String scope = "dlq-factory-" + UUID.randomUUID();
  private final BlendConfig config =
      new BlendConfig(
          Map.of(
              BlendConfig.BOOTSTRAP_SERVERS,
              "unused:9092",
              BlendConfig.SCHEMA_REGISTRY_URL,
              "mock://" + scope,
              BlendConfig.VALUE_SERDE_FACTORY,
              CountingSerdeFactory.class.getName()));
  private TopologyTestDriver driver;

  @AfterEach
  void tearDown() {
    if (driver != null) {
      driver.close();
    }
    InMemorySchemaRegistryClient.dropScope(scope);
  }

  // The topology reads candidates with the factory's serde and rejects the ones with empty text.
  private void start() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(
            CANDIDATES,
            Consumed.with(
                Serdes.String(), AvroSerdeFactory.from(config).serde(Candidate.class, config)))
        .foreach(
            (id, c) -> {
              if (c.getText().isEmpty()) {
                throw new InvalidRecordException("empty text");
              }
            });
    driver = new TopologyTestDriver(builder.build(), StreamsSettings.streamsConfig(config));
  }

  private List<DeadLetter> deadLetters() {
    return driver
        .createOutputTopic(
            config.topics().deadLetters(),
            new StringDeserializer(),
            new WireFormatSerdeFactory().serde(DeadLetter.class, config).deserializer())
        .readValuesToList();
  }

  // TopologyTestDriver does not forward the deserialization handler's DLQ records, so this one
  // calls the handler
  // with the config Streams would hand it.
  @Test
  void undecodableRecordIsDeadLetteredThroughTheConfiguredFactory() {
    DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
    Map<String, Object> streamsConfig = new HashMap<>();
    StreamsSettings.streamsConfig(config).forEach((k, v) -> streamsConfig.put(k.toString(), v));
    handler.configure(streamsConfig);

    DeserializationExceptionHandler.Response response =
        handler.handleError(
            null,
            new ConsumerRecord<>(CANDIDATES, 0, 7L, "r1".getBytes(), new byte[] {9, 9, 9}),
            new WireFormat.MalformedRecordException("too short"));

    ProducerRecord<byte[], byte[]> out = response.deadLetterQueueRecords().get(0);
    assertEquals(config.topics().deadLetters(), out.topic());
    assertEquals(
        CANDIDATES,
        new WireFormatSerdeFactory()
            .serde(DeadLetter.class, config)
            .deserializer()
            .deserialize(out.topic(), out.value())
            .getSourceTopic());
    assertEquals(1, CountingSerdeFactory.serialized(config, DeadLetter.class));
  }

  @Test
  void invalidRecordIsDeadLetteredThroughTheConfiguredFactory() {
    start();
    driver
        .createInputTopic(
            CANDIDATES,
            new StringSerializer(),
            new WireFormatSerdeFactory().serde(Candidate.class, config).serializer())
        .pipeInput(
            "r1",
            Candidate.newBuilder()
                .setRequestId("r1")
                .setModel("a")
                .setText("")
                .setInstruction("Say hi")
                .setCreatedAt(0L)
                .build());

    List<DeadLetter> letters = deadLetters();

    assertEquals(1, letters.size());
    assertEquals(DeadLetters.VALIDATION, letters.get(0).getErrorClass());
    assertEquals(1, CountingSerdeFactory.serialized(config, DeadLetter.class));
  }
}

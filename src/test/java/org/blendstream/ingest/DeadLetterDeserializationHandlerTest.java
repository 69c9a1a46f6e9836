package org.blendstream.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.blendstream.BlendConfig;
import org.blendstream.avro.Candidate;
import org.blendstream.avro.DeadLetter;
import org.junit.jupiter.api.Test;

class DeadLetterDeserializationHandlerTest {

  @Test
  void writesReasonAndOriginalBytesAndResumes() {
    String url = "mock://dlq-" + UUID.randomUUID();
    DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
    handler.configure(
        Map.of(
            DeadLetters.HANDLER_CONFIG,
            new BlendConfig(Map.of(BlendConfig.SCHEMA_REGISTRY_URL, url))));
    byte[] garbage = {9, 9, 9};
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>("blend.candidates.a", 2, 41L, "r1".getBytes(), garbage);
    SpecificAvroSerde<Candidate> serde =
        new SpecificAvroSerde<>(Candidate.class, SchemaRegistryClients.forUrl(url), false);
    Exception cause;
    try {
      serde.deserialize("blend.candidates.a", garbage);
      throw new AssertionError("garbage decoded");
    } catch (WireFormat.MalformedRecordException e) {
      cause = e;
    }

    DeserializationExceptionHandler.Response response = handler.handleError(null, record, cause);

    assertEquals(DeserializationExceptionHandler.Result.RESUME, response.result());
    ProducerRecord<byte[], byte[]> out = response.deadLetterQueueRecords().get(0);
    assertEquals("blend.dlq", out.topic());
    DeadLetter letter =
        new SpecificAvroSerde<>(DeadLetter.class, SchemaRegistryClients.forUrl(url), false)
            .deserialize("blend.dlq", out.value());
    assertEquals("blend.candidates.a", letter.getSourceTopic());
    assertEquals(2, letter.getPartition());
    assertEquals(41L, letter.getOffset());
    assertTrue(letter.getReason().contains("shorter than the 5-byte"), letter.getReason());
    assertArrayEquals(garbage, bytes(letter.getOriginal()));
    assertArrayEquals("r1".getBytes(), bytes(letter.getKey()));
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}

package org.blendstream.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.processor.TaskId;
import org.blendstream.BlendConfig;
import org.blendstream.avro.DeadLetter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterProductionHandlerTest {

  private final String scope = "production-" + UUID.randomUUID();
  private final BlendConfig config =
      new BlendConfig(
          Map.of(
              BlendConfig.SCHEMA_REGISTRY_URL,
              "mock://" + scope,
              BlendConfig.RECORD_MAX_BYTES,
              64 * 1024));
  private final DeadLetterProductionHandler handler = new DeadLetterProductionHandler();

  DeadLetterProductionHandlerTest() {
    handler.configure(Map.of(DeadLetters.HANDLER_CONFIG, config));
  }

  @AfterEach
  void dropRegistry() {
    InMemorySchemaRegistryClient.dropScope(scope);
  }

  private static ErrorHandlerContext context(byte[] rawKey, byte[] rawValue) {
    return new ErrorHandlerContext() {
      public String topic() {
        return "blend.candidates.a";
      }

      public int partition() {
        return 1;
      }

      public long offset() {
        return 17L;
      }

      public org.apache.kafka.common.header.Headers headers() {
        return new RecordHeaders();
      }

      public String processorNodeId() {
        return "assembler";
      }

      public TaskId taskId() {
        return new TaskId(0, 1);
      }

      public long timestamp() {
        return 0L;
      }

      public byte[] sourceRawKey() {
        return rawKey;
      }

      public byte[] sourceRawValue() {
        return rawValue;
      }
    };
  }

  private DeadLetter letter(ProductionExceptionHandler.Response response) {
    assertEquals(ProductionExceptionHandler.Result.RESUME, response.result());
    assertEquals(1, response.deadLetterQueueRecords().size());
    ProducerRecord<byte[], byte[]> out = response.deadLetterQueueRecords().get(0);
    assertEquals("blend.dlq", out.topic());
    return new WireFormatSerdeFactory()
        .serde(DeadLetter.class, config)
        .deserializer()
        .deserialize(out.topic(), out.value());
  }

  @Test
  void oversizedOutputIsDeadLetteredWithTheSourceRecordThatCausedIt() {
    byte[] source = {0, 0, 0, 0, 1, 42};
    DeadLetter letter =
        letter(
            handler.handleSerializationError(
                context("r1".getBytes(), source),
                new ProducerRecord<>("blend.candidate-sets", "r1", "a set"),
                new OversizedRecordException(
                    "CandidateSet of 70000 bytes for topic blend.candidate-sets exceeds"
                        + " record.max.bytes=65536"),
                SerializationExceptionOrigin.VALUE));

    assertEquals(DeadLetters.LIMIT, letter.getErrorClass());
    assertEquals("blend.candidates.a", letter.getSourceTopic());
    assertEquals(17L, letter.getOffset());
    assertTrue(
        letter.getReason().contains("could not write value to blend.candidate-sets")
            && letter.getReason().contains("70000 bytes"),
        letter.getReason());
    assertArrayEquals(source, bytes(letter.getOriginal()));
    assertArrayEquals("r1".getBytes(), bytes(letter.getKey()));
  }

  @Test
  void originalTooLargeForALetterIsLeftOutAndTheReasonSaysWhereItStays() {
    byte[] source = new byte[64 * 1024];
    DeadLetter letter =
        letter(
            handler.handleSerializationError(
                context("r1".getBytes(), source),
                new ProducerRecord<>("blend.candidate-sets", "r1", "a set"),
                new OversizedRecordException("too large"),
                SerializationExceptionOrigin.VALUE));

    assertNull(letter.getOriginal());
    assertTrue(
        letter.getReason().contains("original of 65536 bytes left out")
            && letter.getReason().contains("it stays in blend.candidates.a-1@17"),
        letter.getReason());
  }

  @Test
  void aLongKeyStaysInTheLetterButIsNotTheDeadLetterRecordsKey() {
    byte[] key = new byte[4096];
    ProductionExceptionHandler.Response response =
        handler.handleSerializationError(
            context(key, new byte[] {1}),
            new ProducerRecord<>("blend.candidate-sets", "r1", "a set"),
            new OversizedRecordException("too large"),
            SerializationExceptionOrigin.VALUE);
    assertNull(
        response.deadLetterQueueRecords().get(0).key(),
        "the producer limit leaves room for short keys only");
    assertArrayEquals(key, bytes(letter(response).getKey()));
  }

  @Test
  void sendRefusedByTheBrokerIsDeadLetteredWithTheRecordThatCouldNotBeWritten() {
    byte[] value = {0, 0, 0, 0, 2, 7, 7};
    DeadLetter letter =
        letter(
            handler.handleError(
                context(null, null),
                new ProducerRecord<>("blend.blended", 2, "r9".getBytes(), value),
                new RecordTooLargeException("too big for the topic")));

    assertEquals(RecordTooLargeException.class.getName(), letter.getErrorClass());
    assertEquals("blend.blended", letter.getSourceTopic());
    assertEquals(2, letter.getPartition());
    assertTrue(
        letter.getReason().contains("could not write to blend.blended: too big for the topic"),
        letter.getReason());
    assertArrayEquals(value, bytes(letter.getOriginal()));
  }

  @Test
  void retriableSendErrorIsRetriedNotDeadLettered() {
    ProductionExceptionHandler.Response response =
        handler.handleError(
            context(null, null),
            new ProducerRecord<>("blend.blended", "r9".getBytes(), new byte[] {1}),
            new NotEnoughReplicasException("one down"));
    assertEquals(ProductionExceptionHandler.Result.RETRY, response.result());
    assertTrue(response.deadLetterQueueRecords().isEmpty());
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}

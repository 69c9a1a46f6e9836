package org.blendstream.ingest;

import java.nio.ByteBuffer;

/**
 * Confluent's framing: magic byte 0, a 4-byte big-endian schema id, then the Avro binary body. Kept
 * apart from the serde so that the DLQ and replay tools can read ids without decoding.
 */
public final class WireFormat {

  public static final byte MAGIC = 0;
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /**
   * The schema id of a framed record; throws with a readable reason if the bytes are not framed.
   */
  public static int schemaId(byte[] bytes) {
    if (bytes == null || bytes.length < HEADER_SIZE) {
      throw new MalformedRecordException(
          "record of "
              + (bytes == null ? 0 : bytes.length)
              + " bytes is shorter than the 5-byte Confluent wire-format header");
    }
    if (bytes[0] != MAGIC) {
      throw new MalformedRecordException(
          String.format(
              "unknown magic byte 0x%02x (the Confluent wire format starts with 0x00)", bytes[0]));
    }
    return ByteBuffer.wrap(bytes, 1, 4).getInt();
  }

  public static byte[] header(int schemaId) {
    return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC).putInt(schemaId).array();
  }

  /** Bytes that are not a valid framed Avro record. */
  public static final class MalformedRecordException extends RuntimeException {
    public MalformedRecordException(String message) {
      super(message);
    }

    public MalformedRecordException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

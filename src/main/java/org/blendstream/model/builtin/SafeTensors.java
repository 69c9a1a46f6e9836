package org.blendstream.model.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Float32 tensors in the safetensors layout (8-byte little-endian header size, JSON header, raw
 * little-endian data), so that shipped weights open in any safetensors reader. Only F32 is read or
 * written.
 */
public final class SafeTensors {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SafeTensors() {}

  /** A file's tensors by name, in file order, and its {@code __metadata__} strings. */
  public record Contents(Map<String, OnnxGraph.Tensor> tensors, Map<String, String> metadata) {}

  /**
   * Writes atomically (temp file, then move), so an interrupted save never leaves a torn
   * checkpoint.
   */
  public static void write(
      Path file, Map<String, OnnxGraph.Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, OnnxGraph.Tensor> e : tensors.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      var shape = t.putArray("shape");
      for (long d : e.getValue().dims()) {
        shape.add(d);
      }
      long bytes = 4L * e.getValue().data().length;
      t.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] head = JSON.writeValueAsBytes(header);
    int padded = (head.length + 7) / 8 * 8;
    byte[] headPadded = new byte[padded];
    java.util.Arrays.fill(headPadded, (byte) ' ');
    System.arraycopy(head, 0, headPadded, 0, head.length);
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    // A sibling temp file with default permissions (not createTempFile's owner-only ones): weights
    // get shared.
    // Its name is unique to this writer, so that two processes saving the same file (two first runs
    // filling one
    // model cache) never write into each other's temp file; the last move wins, and both wrote the
    // same bytes.
    Path tmp =
        parent.resolve(
            file.getFileName()
                + "."
                + ProcessHandle.current().pid()
                + "-"
                + Long.toHexString(new SecureRandom().nextLong())
                + ".tmp");
    try {
      try (OutputStream out =
          Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.write(headPadded);
        for (OnnxGraph.Tensor t : tensors.values()) {
          ByteBuffer b = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
          b.asFloatBuffer().put(t.data());
          out.write(b.array());
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static Contents read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  public static Contents read(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    Header header = Header.parse(buf.getLong(), all, 8);
    Map<String, OnnxGraph.Tensor> out = new LinkedHashMap<>();
    for (Entry e : header.entries()) {
      float[] data = new float[(int) (e.end() - e.begin()) / 4];
      ByteBuffer.wrap(all, (int) (header.base() + e.begin()), (int) (e.end() - e.begin()))
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(data);
      out.put(e.name(), new OnnxGraph.Tensor(e.dims(), data));
    }
    return new Contents(out, header.metadata());
  }

  /**
   * A tensor held outside the Java heap: its little-endian F32 bytes in a direct buffer of exactly
   * that size.
   */
  public record DirectTensor(long[] dims, ByteBuffer data) {}

  /**
   * The tensors that {@code wanted} accepts, each read from the file straight into its own direct
   * buffer. Neither the file nor a float[] copy ever lands on the heap, so loading 90 MB of weights
   * leaves no garbage behind for the collector to grow the heap over; DJL's PyTorch engine wraps a
   * direct buffer without copying it.
   */
  public static Map<String, DirectTensor> readDirect(Path file, Predicate<String> wanted)
      throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer size = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, size, 0);
      long headerSize = size.flip().getLong();
      ByteBuffer head = ByteBuffer.allocate(Math.toIntExact(headerSize));
      readFully(ch, head, 8);
      Header header = Header.parse(headerSize, head.array(), 0);
      Map<String, DirectTensor> out = new LinkedHashMap<>();
      for (Entry e : header.entries()) {
        if (!wanted.test(e.name())) {
          continue;
        }
        ByteBuffer data =
            ByteBuffer.allocateDirect(Math.toIntExact(e.end() - e.begin()))
                .order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, data, header.base() + e.begin());
        out.put(e.name(), new DirectTensor(e.dims(), data.flip()));
      }
      return out;
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
    long at = position;
    while (into.hasRemaining()) {
      int n = ch.read(into, at);
      if (n < 0) {
        throw new IOException("safetensors file ends early at byte " + at);
      }
      at += n;
    }
  }

  private record Entry(String name, long[] dims, long begin, long end) {}

  /** The JSON header: tensor entries in file order, metadata, and where the data section starts. */
  private record Header(List<Entry> entries, Map<String, String> metadata, long base) {

    static Header parse(long headerSize, byte[] bytes, int offset) throws IOException {
      JsonNode header =
          JSON.readTree(
              new String(bytes, offset, Math.toIntExact(headerSize), StandardCharsets.UTF_8));
      List<Entry> entries = new ArrayList<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("__metadata__")) {
          e.getValue()
              .fields()
              .forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
          continue;
        }
        JsonNode t = e.getValue();
        if (!"F32".equals(t.get("dtype").asText())) {
          throw new IOException(
              "tensor "
                  + e.getKey()
                  + " is "
                  + t.get("dtype").asText()
                  + "; only F32 is supported");
        }
        long[] dims = new long[t.get("shape").size()];
        for (int i = 0; i < dims.length; i++) {
          dims[i] = t.get("shape").get(i).asLong();
        }
        entries.add(
            new Entry(
                e.getKey(),
                dims,
                t.get("data_offsets").get(0).asLong(),
                t.get("data_offsets").get(1).asLong()));
      }
      return new Header(entries, metadata, 8 + headerSize);
    }
  }
}

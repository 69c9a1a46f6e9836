package org.blendstream.model.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Float32 tensors in the safetensors layout (8-byte little-endian header size, JSON header, raw little-endian
 * data), so that shipped weights open in any safetensors reader. Only F32 is read or written.
 */
public final class SafeTensors {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SafeTensors() {}

  /** A file's tensors by name, in file order, and its {@code __metadata__} strings. */
  public record Contents(Map<String, OnnxGraph.Tensor> tensors, Map<String, String> metadata) {}

  /** Writes atomically (temp file, then move), so an interrupted save never leaves a torn checkpoint. */
  public static void write(Path file, Map<String, OnnxGraph.Tensor> tensors, Map<String, String> metadata)
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
    // A sibling temp file with default permissions (not createTempFile's owner-only ones): weights get shared.
    Path tmp = parent.resolve(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(headPadded);
      for (OnnxGraph.Tensor t : tensors.values()) {
        ByteBuffer b = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(t.data());
        out.write(b.array());
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static Contents read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  public static Contents read(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    long headerSize = buf.getLong();
    JsonNode header = JSON.readTree(new String(all, 8, (int) headerSize, StandardCharsets.UTF_8));
    int base = 8 + (int) headerSize;
    Map<String, OnnxGraph.Tensor> out = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("__metadata__")) {
        e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
        continue;
      }
      JsonNode t = e.getValue();
      if (!"F32".equals(t.get("dtype").asText())) {
        throw new IOException("tensor " + e.getKey() + " is " + t.get("dtype").asText() + "; only F32 is supported");
      }
      long[] dims = new long[t.get("shape").size()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = t.get("shape").get(i).asLong();
      }
      int begin = t.get("data_offsets").get(0).asInt();
      int end = t.get("data_offsets").get(1).asInt();
      float[] data = new float[(end - begin) / 4];
      ByteBuffer.wrap(all, base + begin, end - begin).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
      out.put(e.getKey(), new OnnxGraph.Tensor(dims, data));
    }
    return new Contents(out, metadata);
  }
}

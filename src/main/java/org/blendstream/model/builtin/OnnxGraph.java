package org.blendstream.model.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of an ONNX model the built-in encoder needs: float initializers and the node list, read
 * straight from the protobuf wire format. Only the handful of fields used here are decoded
 * (ModelProto.graph, GraphProto.node and .initializer, NodeProto.input/.output/.op_type,
 * TensorProto.dims/.data_type/.float_data/.name/.raw_data); every other field is skipped by its
 * wire type, so a full protobuf runtime and generated classes are not needed.
 */
public final class OnnxGraph {

  /** A float32 tensor, row-major. */
  public record Tensor(long[] dims, float[] data) {}

  public record Node(String opType, List<String> inputs, List<String> outputs) {}

  private static final int FLOAT = 1;

  private final Map<String, Tensor> initializers;
  private final List<Node> nodes;

  private OnnxGraph(Map<String, Tensor> initializers, List<Node> nodes) {
    this.initializers = initializers;
    this.nodes = nodes;
  }

  public static OnnxGraph read(InputStream in) throws IOException {
    ByteBuffer model = ByteBuffer.wrap(in.readAllBytes());
    Map<String, Tensor> initializers = new LinkedHashMap<>();
    List<Node> nodes = new ArrayList<>();
    Wire m = new Wire(model);
    while (m.more()) {
      int tag = m.tag();
      if (tag >>> 3 == 7 && (tag & 7) == 2) { // ModelProto.graph
        Wire g = m.message();
        while (g.more()) {
          int gt = g.tag();
          if (gt >>> 3 == 1 && (gt & 7) == 2) {
            nodes.add(node(g.message()));
          } else if (gt >>> 3 == 5 && (gt & 7) == 2) {
            Map.Entry<String, Tensor> t = tensor(g.message());
            if (t != null) {
              initializers.put(t.getKey(), t.getValue());
            }
          } else {
            g.skip(gt);
          }
        }
      } else {
        m.skip(tag);
      }
    }
    return new OnnxGraph(initializers, nodes);
  }

  public Map<String, Tensor> initializers() {
    return initializers;
  }

  public List<Node> nodes() {
    return nodes;
  }

  private static Node node(Wire w) {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String op = "";
    while (w.more()) {
      int tag = w.tag();
      switch (tag >>> 3) {
        case 1 -> inputs.add(w.string());
        case 2 -> outputs.add(w.string());
        case 4 -> op = w.string();
        default -> w.skip(tag);
      }
    }
    return new Node(op, inputs, outputs);
  }

  /**
   * A float initializer, or null for other types (e.g. int64 position ids, which the encoder
   * rebuilds).
   */
  private static Map.Entry<String, Tensor> tensor(Wire w) {
    List<Long> dims = new ArrayList<>();
    int type = 0;
    String name = null;
    ByteBuffer raw = null;
    List<Float> floats = new ArrayList<>();
    while (w.more()) {
      int tag = w.tag();
      int field = tag >>> 3;
      if (field == 1) {
        if ((tag & 7) == 2) {
          Wire packed = w.message();
          while (packed.more()) {
            dims.add(packed.varint());
          }
        } else {
          dims.add(w.varint());
        }
      } else if (field == 2) {
        type = (int) w.varint();
      } else if (field == 4 && (tag & 7) == 2) {
        ByteBuffer b = w.bytes().order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
          floats.add(b.getFloat());
        }
      } else if (field == 8) {
        name = w.string();
      } else if (field == 9) {
        raw = w.bytes();
      } else {
        w.skip(tag);
      }
    }
    if (type != FLOAT || name == null) {
      return null;
    }
    float[] data;
    if (raw != null) {
      data = new float[raw.remaining() / 4];
      raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
    } else {
      data = new float[floats.size()];
      for (int i = 0; i < data.length; i++) {
        data[i] = floats.get(i);
      }
    }
    long[] d = dims.stream().mapToLong(Long::longValue).toArray();
    return Map.entry(name, new Tensor(d, data));
  }

  /** A cursor over one length-delimited protobuf message. */
  private static final class Wire {
    private final ByteBuffer buf;

    Wire(ByteBuffer buf) {
      this.buf = buf;
    }

    boolean more() {
      return buf.hasRemaining();
    }

    int tag() {
      return (int) varint();
    }

    long varint() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = buf.get();
        result |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new IllegalStateException("malformed varint in ONNX file");
    }

    ByteBuffer bytes() {
      int len = (int) varint();
      ByteBuffer slice = buf.slice(buf.position(), len);
      buf.position(buf.position() + len);
      return slice;
    }

    Wire message() {
      return new Wire(bytes());
    }

    String string() {
      ByteBuffer b = bytes();
      byte[] a = new byte[b.remaining()];
      b.get(a);
      return new String(a, StandardCharsets.UTF_8);
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> buf.position(buf.position() + 8);
        case 2 -> bytes();
        case 5 -> buf.position(buf.position() + 4);
        default -> throw new IllegalStateException("unsupported protobuf wire type " + (tag & 7));
      }
    }
  }
}

package org.blendstream.model.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.model.FlopMeter;

/**
 * A compact BERT encoder shaped like all-MiniLM-L6-v2 (6 layers, 12 heads, hidden 384, GELU
 * feed-forward 1536, post-LayerNorm), written with DJL operators so that it runs and trains on the
 * PyTorch engine. Parameters carry the Hugging Face names, so the ONNX conversion, the cache and
 * the shipped fine-tuned weights all share one naming. Input: token ids and attention mask, int64
 * [B, L], and optionally the rows wanted at the output, int64 [B, R] flat indices into the B x L
 * tokens; output: last hidden states [B, L, 384], or [B, R, 384] at those rows. Token type ids are
 * always 0: the pair layout marks its pieces with marker tokens instead.
 */
public final class MiniLmEncoder extends AbstractBlock {

  public static final int LAYERS = 6;
  public static final int HIDDEN = 384;
  public static final int HEADS = 12;
  public static final int FFN = 1536;
  public static final int VOCAB = 30522;
  public static final int MAX_POSITIONS = 512;
  static final float EPSILON = 1e-12f;

  /** What a masked key adds to an attention score; large enough that softmax gives it no weight. */
  static final float MASKED = -1e9f;

  /**
   * Floats in one attention score array: 8 MB, 3 rows of 240 tokens (a row of 512 is 12 MB, and
   * goes alone). Splitting the batch keeps every array well below glibc's mmap threshold, so freed
   * memory is reused instead of faulted in again (see {@link org.blendstream.model.NativeHeap}),
   * and the scores softmax reads back stay in cache.
   */
  static final long ATTENTION_FLOATS = 2L << 20;

  /** Tokens per feed-forward call: keeps its 1536-wide inner array at 12 MB for the same reason. */
  static final long FFN_TOKENS = 2048;

  private final Map<String, Parameter> named = new LinkedHashMap<>();

  public MiniLmEncoder() {
    for (String name : parameterNames()) {
      named.put(
          name, addParameter(Parameter.builder().setName(name).setType(typeOf(name)).build()));
    }
  }

  /** Every parameter, by Hugging Face name, embeddings first and then layer by layer. */
  public static List<String> parameterNames() {
    List<String> names =
        new ArrayList<>(
            List.of(
                "embeddings.word_embeddings.weight",
                "embeddings.position_embeddings.weight",
                "embeddings.token_type_embeddings.weight",
                "embeddings.LayerNorm.weight",
                "embeddings.LayerNorm.bias"));
    for (int l = 0; l < LAYERS; l++) {
      names.addAll(layerParameterNames(l));
    }
    return names;
  }

  public static List<String> layerParameterNames(int layer) {
    String p = "encoder.layer." + layer + ".";
    List<String> names = new ArrayList<>();
    for (String linear :
        List.of(
            "attention.self.query",
            "attention.self.key",
            "attention.self.value",
            "attention.output.dense",
            "intermediate.dense",
            "output.dense")) {
      names.add(p + linear + ".weight");
      names.add(p + linear + ".bias");
    }
    for (String norm : List.of("attention.output.LayerNorm", "output.LayerNorm")) {
      names.add(p + norm + ".weight");
      names.add(p + norm + ".bias");
    }
    return names;
  }

  public Map<String, Parameter> namedParameters() {
    return named;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray ids = inputs.get(0);
    NDArray mask = inputs.get(1);
    NDArray outputRows = inputs.size() > 2 ? inputs.get(2) : null;
    long batch = ids.getShape().get(0);
    long length = ids.getShape().get(1);
    Fetch w = name -> ps.getValue(named.get(name), ids.getDevice(), training);
    // A parameter store that copies a parameter (another device, or copy=true) caches the copy for
    // later passes, so
    // a copy made inside a layer's scope must outlive that scope; the parameter itself was never in
    // it.
    Fetch kept =
        name -> {
          NDArray value = w.get(name);
          NDScope.unregister(value);
          return value;
        };

    // Slices of a parameter belong to the parameter's manager; moving them to the call's manager
    // frees them
    // with the call instead of letting every forward pass leak into the model's memory.
    NDArray type = w.get("embeddings.token_type_embeddings.weight").get(0);
    type.attach(ids.getManager());
    NDArray positions =
        w.get("embeddings.position_embeddings.weight").get(new NDIndex("0:{}", length));
    positions.attach(ids.getManager());
    NDArray x =
        Embedding.embedding(ids, w.get("embeddings.word_embeddings.weight"), SparseFormat.DENSE)
            .singletonOrThrow()
            .add(type)
            .add(positions);
    x = norm(x, w, "embeddings.LayerNorm");
    NDArray keyBias =
        mask.toType(DataType.FLOAT32, false).neg().add(1f).mul(MASKED).reshape(batch, 1, 1, length);
    for (int l = 0; l < LAYERS; l++) {
      // Every intermediate of a layer is freed when the layer is done, not when the whole forward
      // pass is: keeping
      // six layers' worth of them until the predictor's manager closes took gigabytes. Autograd
      // keeps its own
      // references to what backward needs, so training is unaffected.
      try (NDScope scope = new NDScope()) {
        x =
            layer(
                x, keyBias, kept, "encoder.layer." + l + ".", l == LAYERS - 1 ? outputRows : null);
        NDScope.unregister(x);
      }
    }
    return new NDList(x);
  }

  /**
   * One post-LayerNorm BERT layer. With {@code queryRows} (flat indices into the B x L tokens,
   * int64 [B, R]) only those tokens are computed past the key and value projections, and the output
   * is [B, R, 384]: what the last layer of a pair model needs, whose head reads three marker
   * tokens. Keys and values still come from every token, so each output row is the one the whole
   * layer gives, up to rounding.
   */
  private static NDArray layer(NDArray x, NDArray keyBias, Fetch w, String p, NDArray queryRows) {
    long batch = x.getShape().get(0);
    long length = x.getShape().get(1);
    NDArray xq =
        queryRows == null
            ? x
            : Embedding.embedding(queryRows, x.reshape(batch * length, HIDDEN), SparseFormat.DENSE)
                .singletonOrThrow();
    long queries = xq.getShape().get(1);
    FlopMeter.addEncoderLayer(HIDDEN, FFN, batch, queries, length);
    // Scaling the queries rather than the scores saves one B x 12 x L x L array.
    NDArray q =
        heads(linear(xq, w, p + "attention.self.query"), batch, queries)
            .div((float) Math.sqrt(HIDDEN / HEADS));
    NDArray k = heads(linear(x, w, p + "attention.self.key"), batch, length);
    NDArray v = heads(linear(x, w, p + "attention.self.value"), batch, length);
    NDArray context;
    int rows = attentionRows(queries, length);
    if (rows >= batch) {
      context = attention(q, k, v, keyBias);
    } else {
      NDList parts = new NDList();
      for (long from = 0; from < batch; from += rows) {
        String slice = from + ":" + Math.min(batch, from + rows);
        parts.add(attention(q.get(slice), k.get(slice), v.get(slice), keyBias.get(slice)));
      }
      context = NDArrays.concat(parts, 0);
    }
    context = context.transpose(0, 2, 1, 3).reshape(batch, queries, HIDDEN);
    xq =
        norm(
            linear(context, w, p + "attention.output.dense").add(xq),
            w,
            p + "attention.output.LayerNorm");
    long tokens = batch * queries;
    if (tokens <= FFN_TOKENS) {
      return feedForward(xq, w, p);
    }
    NDArray flat = xq.reshape(tokens, HIDDEN);
    NDList parts = new NDList();
    for (long from = 0; from < tokens; from += FFN_TOKENS) {
      parts.add(feedForward(flat.get(from + ":" + Math.min(tokens, from + FFN_TOKENS)), w, p));
    }
    return NDArrays.concat(parts, 0).reshape(batch, queries, HIDDEN);
  }

  private static NDArray feedForward(NDArray x, Fetch w, String p) {
    NDArray inner = Activation.gelu(linear(x, w, p + "intermediate.dense"));
    return norm(linear(inner, w, p + "output.dense").add(x), w, p + "output.LayerNorm");
  }

  /**
   * Softmax attention of [b, 12, Q, 32] queries over [b, 12, L, 32] keys; its two score arrays are
   * freed here.
   */
  private static NDArray attention(NDArray q, NDArray k, NDArray v, NDArray keyBias) {
    // In place: matMul's backward needs only q and k, never its own output.
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).addi(keyBias);
    NDArray probs = scores.softmax(-1);
    scores.close();
    NDArray context = probs.matMul(v);
    probs.close();
    return context;
  }

  /**
   * Rows per attention call so that one score array stays near {@link #ATTENTION_FLOATS}, at least
   * one.
   */
  static int attentionRows(long queries, long length) {
    return (int) Math.max(1, ATTENTION_FLOATS / (HEADS * queries * length));
  }

  private static NDArray heads(NDArray x, long batch, long length) {
    return x.reshape(batch, length, HEADS, HIDDEN / HEADS).transpose(0, 2, 1, 3);
  }

  private static NDArray linear(NDArray x, Fetch w, String name) {
    return Linear.linear(x, w.get(name + ".weight"), w.get(name + ".bias")).singletonOrThrow();
  }

  private static NDArray norm(NDArray x, Fetch w, String name) {
    return LayerNorm.layerNorm(
            x, new Shape(HIDDEN), w.get(name + ".weight"), w.get(name + ".bias"), EPSILON)
        .singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape ids = inputShapes[0];
    long rows = inputShapes.length > 2 ? inputShapes[2].get(1) : ids.get(1);
    return new Shape[] {new Shape(ids.get(0), rows, HIDDEN)};
  }

  /**
   * Sets every parameter from an array of the same name; the parameters take ownership of the
   * arrays.
   */
  public void load(Map<String, NDArray> arrays) {
    named.forEach(
        (name, param) -> {
          NDArray a = arrays.get(name);
          if (a == null) {
            throw new IllegalArgumentException("no weights for encoder parameter " + name);
          }
          param.setArray(a);
        });
  }

  static Parameter.Type typeOf(String name) {
    return name.endsWith(".bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT;
  }

  @FunctionalInterface
  interface Fetch {
    NDArray get(String name);
  }
}

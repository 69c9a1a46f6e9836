package org.blendstream.model.builtin;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.blendstream.model.PairBatchTranslator;
import org.blendstream.model.SentenceEncoder;

/**
 * all-MiniLM-L6-v2 as a sentence encoder, the job its pretraining was for: {@code [CLS] text [SEP]}
 * cut to 256 wordpieces (its training length), the {@link MiniLmEncoder}'s last hidden states
 * averaged over the attention mask, then scaled to unit length, as sentence-transformers does. The
 * base weights are the built-in ranker's, read from the same cache. Inference only (no parameter
 * takes a gradient); safe to share between threads, since each call runs under its own native
 * memory scope.
 */
public final class MiniLmSentenceEncoder implements SentenceEncoder {

  public static final String VERSION = "all-minilm-l6-v2-mean";

  /** sentence-transformers' max_seq_length for this model, [CLS] and [SEP] included. */
  public static final int MAX_TOKENS = 256;

  /** Texts per forward pass: sorted by length first, so a batch pads little. */
  static final int BATCH = 8;

  static final long CLS = 101;
  static final long SEP = 102;

  /**
   * Characters tokenized first; a longer text is tokenized whole only if this prefix had too few
   * pieces.
   */
  static final int PREFIX_CHARS = 4096;

  private final Model model;
  private final MiniLmEncoder encoder;
  private final HuggingFaceTokenizer tokenizer;
  private final Device device;

  private MiniLmSentenceEncoder(
      Model model, MiniLmEncoder encoder, HuggingFaceTokenizer tokenizer, Device device) {
    this.model = model;
    this.encoder = encoder;
    this.tokenizer = tokenizer;
    this.device = device;
  }

  public static MiniLmSentenceEncoder load(Path baseCache, Device device) {
    Model model = Model.newInstance("minilm-sentence", device, "PyTorch");
    try {
      MiniLmEncoder encoder = new MiniLmEncoder();
      encoder.load(MiniLmBase.arrays(baseCache, model.getNDManager(), name -> true));
      encoder.namedParameters().values().forEach(p -> p.freeze(true));
      model.setBlock(encoder);
      return new MiniLmSentenceEncoder(model, encoder, MiniLmBase.tokenizer(), device);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  @Override
  public float[][] embed(List<String> texts) {
    List<long[]> rows = texts.stream().map(this::ids).toList();
    Integer[] byLength =
        IntStream.range(0, rows.size())
            .boxed()
            .sorted(Comparator.comparingInt((Integer i) -> rows.get(i).length))
            .toArray(Integer[]::new);
    float[][] out = new float[rows.size()][];
    for (int from = 0; from < byLength.length; from += BATCH) {
      List<Integer> batch =
          List.of(byLength).subList(from, Math.min(byLength.length, from + BATCH));
      float[][] vectors = forward(batch.stream().map(rows::get).toList());
      for (int k = 0; k < batch.size(); k++) {
        out[batch.get(k)] = vectors[k];
      }
    }
    return out;
  }

  /** {@code [CLS] pieces [SEP]}, at most {@link #MAX_TOKENS}. */
  long[] ids(String text) {
    long[] pieces = pieces(text);
    int kept = Math.min(pieces.length, MAX_TOKENS - 2);
    long[] row = new long[kept + 2];
    row[0] = CLS;
    System.arraycopy(pieces, 0, row, 1, kept);
    row[kept + 1] = SEP;
    return row;
  }

  // A megabyte of junk would take the tokenizer a noticeable time to cut to 254 pieces. A prefix
  // that ends at
  // whitespace tokenizes exactly as the start of the whole text does (BERT splits words at
  // whitespace first), so
  // when it already yields enough pieces those are the ones the whole text would give.
  private long[] pieces(String text) {
    int end = PREFIX_CHARS;
    while (end < text.length()) {
      int cut = end;
      while (cut > 0 && !Character.isWhitespace(text.charAt(cut))) {
        cut--;
      }
      if (cut > 0) {
        long[] prefix = tokenizer.encode(text.substring(0, cut), false, false).getIds();
        if (prefix.length >= MAX_TOKENS - 2) {
          return prefix;
        }
      }
      end *= 4;
    }
    return tokenizer.encode(text, false, false).getIds();
  }

  private float[][] forward(List<long[]> rows) {
    try (NDManager nd = model.getNDManager().newSubManager(device)) {
      NDList inputs = PairBatchTranslator.padded(nd, rows, 0L);
      NDArray hidden =
          encoder.forward(new ParameterStore(nd, false), inputs, false).singletonOrThrow();
      NDArray mask = inputs.get(1).toType(DataType.FLOAT32, false).expandDims(-1);
      NDArray mean =
          hidden.mul(mask).sum(new int[] {1}).div(mask.sum(new int[] {1}).maximum(1e-9f));
      NDArray unit = mean.div(mean.norm(new int[] {1}, true).maximum(1e-12f));
      float[] flat = unit.toFloatArray();
      float[][] out = new float[rows.size()][MiniLmEncoder.HIDDEN];
      for (int r = 0; r < rows.size(); r++) {
        System.arraycopy(flat, r * MiniLmEncoder.HIDDEN, out[r], 0, MiniLmEncoder.HIDDEN);
      }
      return out;
    }
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public void close() {
    model.close();
    tokenizer.close();
  }
}

package org.blendstream.model.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.blendstream.model.DjlRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmSentenceEncoderTest {

  private static MiniLmSentenceEncoder encoder;

  private static final String LONG =
      "The French Revolution began in 1789 with the storming of the Bastille, and over the"
          + " following decade it abolished the monarchy, proclaimed a republic, and reshaped the"
          + " relation between the state, the church and the citizens of France. ";

  @BeforeAll
  static void load() {
    DjlRuntime.init();
    encoder = MiniLmSentenceEncoder.load(MiniLmEncoderParityTest.CACHE, Device.cpu());
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  private static double cos(float[] a, float[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += (double) a[k] * b[k];
    }
    return s;
  }

  private static float[] one(String text) {
    return encoder.embed(List.of(text))[0];
  }

  @Test
  void identicalTextsHaveCosineOneAndEveryEmbeddingHasUnitLength() {
    float[][] e =
        encoder.embed(List.of("How do I bake sourdough bread?", "How do I bake sourdough bread?"));
    assertEquals(1.0, cos(e[0], e[1]), 1e-5);
    assertEquals(1.0, cos(e[0], e[0]), 1e-5);
    assertEquals(384, e[0].length);
  }

  @Test
  void aParaphraseIsCloserThanAnUnrelatedText() {
    float[][] e =
        encoder.embed(
            List.of(
                "The capital of France is Paris.",
                "Paris is France's capital city.",
                "Photosynthesis turns sunlight, water and carbon dioxide into sugar."));
    assertTrue(cos(e[0], e[1]) > cos(e[0], e[2]) + 0.3, cos(e[0], e[1]) + " vs " + cos(e[0], e[2]));
  }

  @Test
  void aBatchEmbedsEachTextAsItWouldAloneWhateverItIsPaddedTo() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      texts.add(i % 3 == 0 ? LONG.repeat(1 + i % 2) : "Short answer number " + i + ".");
    }
    texts.add("Hi");
    float[][] batch = encoder.embed(texts);
    for (int i = 0; i < texts.size(); i++) {
      assertArrayEquals(one(texts.get(i)), batch[i], 1e-5f, "text " + i);
    }
  }

  @Test
  void paddingBesideAFullLengthTextDoesNotChangeAShortTextsEmbedding() {
    float[] alone = one("Hi");
    float[][] padded = encoder.embed(List.of(LONG.repeat(4), "Hi"));
    assertArrayEquals(alone, padded[1], 1e-5f);
  }

  @Test
  void textPastTwoHundredFiftySixPiecesIsCutOff() {
    String head = LONG.repeat(6);
    assertArrayEquals(
        one(head), one(head + " Completely different words about penguins and ice."), 1e-6f);
    assertEquals(MiniLmSentenceEncoder.MAX_TOKENS, encoder.ids(head).length);
  }

  @Test
  void aLongTextIsCutAsIfTokenizedWhole() {
    String text = LONG.repeat(200) + "tail";
    long[] ids = encoder.ids(text);
    long[] whole;
    try (HuggingFaceTokenizer tok = MiniLmBase.tokenizer()) {
      whole = tok.encode(text, false, false).getIds();
    }
    assertEquals(MiniLmSentenceEncoder.CLS, ids[0]);
    assertEquals(MiniLmSentenceEncoder.SEP, ids[ids.length - 1]);
    assertArrayEquals(
        Arrays.copyOf(whole, MiniLmSentenceEncoder.MAX_TOKENS - 2),
        Arrays.copyOfRange(ids, 1, ids.length - 1));
  }

  @Test
  void matchesMeanPooledOnnxRuntimeHiddenStates() throws Exception {
    List<String> texts = List.of("What are the names of some famous actors?", "Hi");
    long[][] rows = texts.stream().map(encoder::ids).toArray(long[][]::new);
    int width = Math.max(rows[0].length, rows[1].length);
    long[] ids = new long[2 * width];
    long[] mask = new long[2 * width];
    for (int r = 0; r < 2; r++) {
      for (int t = 0; t < rows[r].length; t++) {
        ids[r * width + t] = rows[r][t];
        mask[r * width + t] = 1;
      }
    }
    float[] hidden = MiniLmEncoderParityTest.onnxRuntime(ids, mask, new Shape(2, width));
    float[][] ours = encoder.embed(texts);
    int h = MiniLmEncoder.HIDDEN;
    for (int r = 0; r < 2; r++) {
      double[] mean = new double[h];
      for (int t = 0; t < rows[r].length; t++) {
        for (int k = 0; k < h; k++) {
          mean[k] += hidden[(r * width + t) * h + k] / rows[r].length;
        }
      }
      double norm = Math.sqrt(Arrays.stream(mean).map(x -> x * x).sum());
      for (int k = 0; k < h; k++) {
        assertEquals(mean[k] / norm, ours[r][k], 1e-4, "text " + r + " dim " + k);
      }
    }
  }
}

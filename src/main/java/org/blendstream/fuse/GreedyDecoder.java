package org.blendstream.fuse;

import java.util.ArrayList;
import java.util.List;

/**
 * Greedy decoding as Hugging Face's {@code generate(num_beams=1, do_sample=False)}: the argmax of
 * the logits (the first index on ties), pad fed to rows that already ended, stop when all rows
 * produced EOS or {@code max_new_tokens} tokens were generated.
 */
final class GreedyDecoder implements Decoder {

  private final GenerationSettings settings;

  GreedyDecoder(GenerationSettings settings) {
    this.settings = settings;
  }

  @Override
  public int rowsPerInput() {
    return 1;
  }

  @Override
  public List<long[]> generate(DecoderSession session, FusionDeadline deadline) {
    int rows = session.rows();
    long[][] seqs = new long[rows][];
    boolean[] finished = new boolean[rows];
    for (int r = 0; r < rows; r++) {
      seqs[r] = new long[] {settings.decoderStartTokenId()};
    }
    int unfinished = rows;
    for (int step = 0; step < settings.maxNewTokens() && unfinished > 0; step++) {
      deadline.check();
      float[][] logits = session.next(seqs, false);
      for (int r = 0; r < rows; r++) {
        long token = finished[r] ? settings.padTokenId() : argmax(logits[r]);
        seqs[r] = Decoder.append(seqs[r], token);
        if (!finished[r] && token == settings.eosTokenId()) {
          finished[r] = true;
          unfinished--;
        }
      }
    }
    List<long[]> out = new ArrayList<>(rows);
    for (long[] s : seqs) {
      out.add(Decoder.generatedPart(s, settings.eosTokenId()));
    }
    return out;
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}

package org.blendstream.fuse;

import java.util.ArrayList;
import java.util.List;

/**
 * Beam search as Hugging Face's {@code generate(num_beams=N)} for encoder-decoders (transformers
 * 4.47 {@code _beam_search} with {@code BeamSearchScorer}, {@code early_stopping=False}, one
 * returned sequence):
 *
 * <ul>
 *   <li>running scores start at 0 for beam 0 and -1e9 for the others, so the first step expands one
 *       beam;
 *   <li>each step adds float32 log-softmax scores to the running score and takes the top {@code 2N}
 *       over {@code N * vocab} per input;
 *   <li>an EOS ranked among the first {@code N} closes a hypothesis (see {@link BeamHypotheses});
 *       lower-ranked EOS are skipped; the first {@code N} non-EOS continuations become the next
 *       beams;
 *   <li>an EOS-closed hypothesis is scored over its length with the start token and without the
 *       EOS; at {@code max_new_tokens}, every open beam is offered with its running score over the
 *       generated tokens only (transformers 4.30 counted the start token there too, which can pick
 *       a different winner).
 * </ul>
 *
 * All inputs of a batch step together; an input that is done keeps feeding pad tokens until the
 * rest end.
 */
final class BeamSearchDecoder implements Decoder {

  private final GenerationSettings settings;

  BeamSearchDecoder(GenerationSettings settings) {
    this.settings = settings;
  }

  @Override
  public int rowsPerInput() {
    return settings.numBeams();
  }

  @Override
  public List<long[]> generate(DecoderSession session, FusionDeadline deadline) {
    int nb = settings.numBeams();
    int rows = session.rows();
    int inputs = rows / nb;
    long[][] seqs = new long[rows][];
    float[] beamScores = new float[rows];
    for (int r = 0; r < rows; r++) {
      seqs[r] = new long[] {settings.decoderStartTokenId()};
      beamScores[r] = r % nb == 0 ? 0f : -1e9f;
    }
    BeamHypotheses[] hyps = new BeamHypotheses[inputs];
    boolean[] done = new boolean[inputs];
    for (int i = 0; i < inputs; i++) {
      hyps[i] = new BeamHypotheses(nb, settings.lengthPenalty());
    }
    int curLen = 1;
    int maxLength = settings.maxNewTokens() + 1;
    while (true) {
      deadline.check();
      float[][] logProbs = session.next(seqs, true);
      int vocab = logProbs[0].length;
      int[] sourceRows = new int[rows];
      long[] nextTokens = new long[rows];
      float[] nextScores = new float[rows];
      for (int i = 0; i < inputs; i++) {
        if (done[i]) {
          for (int j = 0; j < nb; j++) {
            int row = i * nb + j;
            sourceRows[row] = row;
            nextTokens[row] = settings.padTokenId();
            nextScores[row] = 0f;
          }
          continue;
        }
        TopK top = TopK.of(logProbs, beamScores, i * nb, nb, 2 * nb);
        int filled = 0;
        for (int rank = 0; rank < top.size(); rank++) {
          int token = top.index(rank) % vocab;
          int row = i * nb + top.index(rank) / vocab;
          if (token == settings.eosTokenId()) {
            if (rank >= nb) {
              continue;
            }
            hyps[i].add(seqs[row], top.score(rank), seqs[row].length);
          } else {
            int slot = i * nb + filled;
            nextScores[slot] = top.score(rank);
            nextTokens[slot] = token;
            sourceRows[slot] = row;
            filled++;
          }
          if (filled == nb) {
            break;
          }
        }
        done[i] = hyps[i].isDone(top.score(0), curLen);
      }
      long[][] next = new long[rows][];
      for (int r = 0; r < rows; r++) {
        next[r] = Decoder.append(seqs[sourceRows[r]], nextTokens[r]);
      }
      seqs = next;
      beamScores = nextScores;
      session.reorder(sourceRows);
      curLen++;
      if (allTrue(done) || curLen >= maxLength) {
        break;
      }
    }
    List<long[]> out = new ArrayList<>(inputs);
    for (int i = 0; i < inputs; i++) {
      if (!done[i]) {
        for (int j = 0; j < nb; j++) {
          // transformers >= 4.47 counts only generated tokens here (decoder_prompt_len): not the
          // start token.
          hyps[i].add(seqs[i * nb + j], beamScores[i * nb + j], seqs[i * nb + j].length - 1);
        }
      }
      out.add(Decoder.generatedPart(hyps[i].best(), settings.eosTokenId()));
    }
    return out;
  }

  private static boolean allTrue(boolean[] flags) {
    for (boolean f : flags) {
      if (!f) {
        return false;
      }
    }
    return true;
  }

  /**
   * The k best (beam score + log-prob) over the beams of one input, best first, index = beam *
   * vocab + token.
   */
  record TopK(int[] indices, float[] scores) {

    static TopK of(float[][] logProbs, float[] beamScores, int firstRow, int beams, int k) {
      int vocab = logProbs[firstRow].length;
      int[] idx = new int[k];
      float[] sc = new float[k];
      int n = 0;
      for (int b = 0; b < beams; b++) {
        float[] row = logProbs[firstRow + b];
        float base = beamScores[firstRow + b];
        for (int v = 0; v < vocab; v++) {
          float s = row[v] + base;
          if (n == k && s <= sc[k - 1]) {
            continue;
          }
          // insertion into the sorted top list; equal scores keep the lower flat index first
          int pos = n < k ? n : k - 1;
          while (pos > 0 && sc[pos - 1] < s) {
            if (pos < k) {
              sc[pos] = sc[pos - 1];
              idx[pos] = idx[pos - 1];
            }
            pos--;
          }
          sc[pos] = s;
          idx[pos] = b * vocab + v;
          if (n < k) {
            n++;
          }
        }
      }
      return new TopK(idx, sc);
    }

    int size() {
      return indices.length;
    }

    int index(int rank) {
      return indices[rank];
    }

    float score(int rank) {
      return scores[rank];
    }
  }
}

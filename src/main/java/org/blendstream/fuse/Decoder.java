package org.blendstream.fuse;

import java.util.Arrays;
import java.util.List;

/** A decoding strategy over a {@link DecoderSession}: one generated id sequence per input. */
interface Decoder {

  /** How many decoder rows each input needs (its beams). */
  int rowsPerInput();

  /** Generated ids per input, without the decoder start token and cut before the first EOS. */
  List<long[]> generate(DecoderSession session, FusionDeadline deadline);

  static Decoder of(GenerationSettings settings) {
    return settings.numBeams() == 1 ? new GreedyDecoder(settings) : new BeamSearchDecoder(settings);
  }

  /** Drops the decoder start token and everything from the first EOS on. */
  static long[] generatedPart(long[] sequence, int eosTokenId) {
    int end = 1;
    while (end < sequence.length && sequence[end] != eosTokenId) {
      end++;
    }
    return Arrays.copyOfRange(sequence, 1, end);
  }

  static long[] append(long[] sequence, long token) {
    long[] out = Arrays.copyOf(sequence, sequence.length + 1);
    out[sequence.length] = token;
    return out;
  }
}

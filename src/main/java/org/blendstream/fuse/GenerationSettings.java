package org.blendstream.fuse;

import org.blendstream.model.ModelManifest;

/**
 * How the fuser generates: the settings of Hugging Face's {@code generate()} that GenFuser uses.
 * {@code numBeams == 1} means greedy decoding.
 */
public record GenerationSettings(
    int maxNewTokens,
    int numBeams,
    double lengthPenalty,
    int decoderStartTokenId,
    int eosTokenId,
    int padTokenId) {

  public GenerationSettings {
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("max new tokens must be at least 1, not " + maxNewTokens);
    }
    if (numBeams < 1) {
      throw new IllegalArgumentException("num beams must be at least 1, not " + numBeams);
    }
  }

  /**
   * The manifest's settings; GenFuser's published ones (4 beams, 128 new tokens) where it is
   * silent.
   */
  public static GenerationSettings fromManifest(ModelManifest m) {
    return new GenerationSettings(
        orDefault(m.maxNewTokens(), 128),
        orDefault(m.numBeams(), 4),
        m.lengthPenalty() == null ? 1.0 : m.lengthPenalty(),
        required(m.decoderStartTokenId(), "decoder_start_token_id"),
        required(m.eosTokenId(), "eos_token_id"),
        required(m.padTokenId(), "pad_token_id"));
  }

  public GenerationSettings withNumBeams(int beams) {
    return new GenerationSettings(
        maxNewTokens, beams, lengthPenalty, decoderStartTokenId, eosTokenId, padTokenId);
  }

  public GenerationSettings withMaxNewTokens(int tokens) {
    return new GenerationSettings(
        tokens, numBeams, lengthPenalty, decoderStartTokenId, eosTokenId, padTokenId);
  }

  private static int orDefault(Integer v, int d) {
    return v == null ? d : v;
  }

  private static int required(Integer v, String field) {
    if (v == null) {
      throw new IllegalArgumentException("blendstream-model.json of a fuser needs " + field);
    }
    return v;
  }
}

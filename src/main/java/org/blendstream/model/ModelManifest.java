package org.blendstream.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The {@code blendstream-model.json} of a model directory: what the model is, how its inputs are
 * laid out and the version string written into outputs. Fields of the other kind stay null.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(
    @JsonProperty("kind") String kind,
    @JsonProperty("name") String name,
    @JsonProperty("version") String version,
    @JsonProperty("dtype") String dtype,
    /**
     * Special tokens by role (cls, sep, pad, source, candidate1, candidate2, ...): string and id.
     */
    @JsonProperty("special_tokens") Map<String, SpecialToken> specialTokens,
    // pairranker
    @JsonProperty("source_max_length") Integer sourceMaxLength,
    @JsonProperty("candidate_max_length") Integer candidateMaxLength,
    @JsonProperty("max_total_length") Integer maxTotalLength,
    // fuser
    @JsonProperty("max_input_length") Integer maxInputLength,
    @JsonProperty("max_new_tokens") Integer maxNewTokens,
    @JsonProperty("num_beams") Integer numBeams,
    @JsonProperty("length_penalty") Double lengthPenalty,
    @JsonProperty("candidate_token_limit") Integer candidateTokenLimit,
    @JsonProperty("decoder_start_token_id") Integer decoderStartTokenId,
    @JsonProperty("eos_token_id") Integer eosTokenId,
    @JsonProperty("pad_token_id") Integer padTokenId,
    // reward
    /**
     * {@code chat_template} (decoder reward models) or {@code text_pair} (encoder reward models).
     */
    @JsonProperty("input_format") String inputFormat,
    /** The Jinja chat template of the checkpoint's tokenizer_config.json. */
    @JsonProperty("chat_template") String chatTemplate,
    /** What the tokenizer hands the template besides the messages: bos_token, eos_token. */
    @JsonProperty("template_variables") Map<String, String> templateVariables,
    /** Tokens per (conversation, candidate) sequence. */
    @JsonProperty("max_length") Integer maxLength,
    /** chat_template: ids kept from the end when a sequence is cut in the middle. */
    @JsonProperty("keep_last") Integer keepLast) {

  public static final String KIND_PAIRRANKER = "pairranker";
  public static final String KIND_FUSER = "fuser";
  public static final String KIND_REWARD = "reward";
  public static final String INPUT_CHAT_TEMPLATE = "chat_template";
  public static final String INPUT_TEXT_PAIR = "text_pair";

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SpecialToken(@JsonProperty("token") String token, @JsonProperty("id") int id) {}

  /**
   * The weights' dtype as exported; a manifest without one is float32 (a float16 export runs in
   * fp16 on a GPU).
   */
  public String dtypeOrFloat32() {
    return dtype == null || dtype.isBlank() ? "float32" : dtype;
  }

  /**
   * The id of a special token by role; a missing role is a manifest error, reported with the role
   * name.
   */
  public int tokenId(String role) {
    SpecialToken t = specialTokens == null ? null : specialTokens.get(role);
    if (t == null) {
      throw new IllegalArgumentException("blendstream-model.json has no special_tokens." + role);
    }
    return t.id();
  }
}

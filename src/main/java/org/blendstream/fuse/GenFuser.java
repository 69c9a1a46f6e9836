package org.blendstream.fuse;

import ai.djl.Device;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.blendstream.avro.FuserInfo;
import org.blendstream.model.ModelDirectory;
import org.blendstream.model.ModelManifest;
import org.blendstream.model.TorchScriptSeq2Seq;

/**
 * LLM-Blender's GenFuser on DJL: a T5-family seq2seq TorchScript module reads the instruction and
 * the top-K candidates and generates a new answer (beam search with the manifest's settings, by
 * default 4 beams and 128 new tokens), decoding on the Java side with the module's key/value cache.
 */
public final class GenFuser implements Fuser {

  public static final int DEFAULT_CANDIDATE_TOKEN_LIMIT = 128;
  public static final int DEFAULT_MAX_INPUT_LENGTH = 1024;

  private final TorchScriptSeq2Seq model;
  private final HuggingFaceTokenizer tokenizer;
  private final FusionInputBuilder inputs;
  private final GenerationSettings settings;
  private final FuserInfo info;

  private GenFuser(
      TorchScriptSeq2Seq model,
      HuggingFaceTokenizer tokenizer,
      FusionInputBuilder inputs,
      GenerationSettings settings,
      FuserInfo info) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.inputs = inputs;
    this.settings = settings;
    this.info = info;
  }

  /**
   * Opens a fuser model directory; a missing or wrong directory fails with its path in the message.
   */
  public static GenFuser open(Path dir, Device device) {
    return open(dir, device, UnaryOperator.identity());
  }

  /**
   * As {@link #open(Path, Device)}, with the manifest's generation settings adjusted (CLI flags).
   */
  public static GenFuser open(Path dir, Device device, UnaryOperator<GenerationSettings> adjust) {
    ModelDirectory md = ModelDirectory.open(dir, ModelManifest.KIND_FUSER);
    ModelManifest m = md.manifest();
    GenerationSettings settings = adjust.apply(GenerationSettings.fromManifest(m));
    HuggingFaceTokenizer tokenizer = md.tokenizer();
    FusionInputBuilder builder =
        new FusionInputBuilder(
            tokenizer,
            m.candidateTokenLimit() == null
                ? DEFAULT_CANDIDATE_TOKEN_LIMIT
                : m.candidateTokenLimit(),
            m.maxInputLength() == null ? DEFAULT_MAX_INPUT_LENGTH : m.maxInputLength());
    TorchScriptSeq2Seq model;
    try {
      model = TorchScriptSeq2Seq.load(md, device);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
    String name = m.name() == null || m.name().isBlank() ? "genfuser" : m.name();
    return new GenFuser(model, tokenizer, builder, settings, new FuserInfo(name, m.version()));
  }

  @Override
  public List<String> fuse(List<FusionPrompt> prompts, FusionDeadline deadline) {
    List<long[]> ids = new ArrayList<>(prompts.size());
    for (FusionPrompt p : prompts) {
      ids.add(inputs.ids(p));
    }
    List<String> texts = new ArrayList<>(prompts.size());
    for (long[] generated : generate(ids, settings, true, deadline)) {
      texts.add(tokenizer.decode(generated, true).trim());
    }
    return texts;
  }

  /**
   * Token ids generated for already-tokenized inputs, one batch. {@code useCache=false} recomputes
   * the whole prefix each step; it exists to check the cache, not for serving.
   */
  public List<long[]> generate(
      List<long[]> inputIds,
      GenerationSettings generation,
      boolean useCache,
      FusionDeadline deadline) {
    deadline.check();
    Decoder decoder = Decoder.of(generation);
    try (DecoderSession session =
        new DecoderSession(
            model, inputIds, decoder.rowsPerInput(), generation.padTokenId(), useCache)) {
      return decoder.generate(session, deadline);
    }
  }

  public GenerationSettings settings() {
    return settings;
  }

  @Override
  public FuserInfo info() {
    return info;
  }

  @Override
  public void close() {
    model.close();
    tokenizer.close();
  }
}

package org.blendstream.fuse;

/**
 * The fuser answered with text it must not use (cut at max_tokens, refused); the message is the
 * fallback reason.
 */
public final class FusionRejectedException extends RuntimeException {

  public FusionRejectedException(String reason) {
    super(reason);
  }
}

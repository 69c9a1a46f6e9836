package org.blendstream.model;

import java.nio.file.Path;

/**
 * A model directory that cannot be used; the message names the path and the missing or bad piece.
 */
public final class ModelDirectoryException extends RuntimeException {

  public ModelDirectoryException(Path path, String problem) {
    super("model directory " + path.toAbsolutePath() + ": " + problem);
  }

  public ModelDirectoryException(Path path, String problem, Throwable cause) {
    super("model directory " + path.toAbsolutePath() + ": " + problem, cause);
  }
}

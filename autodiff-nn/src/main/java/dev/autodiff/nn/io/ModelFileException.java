package dev.autodiff.nn.io;

import java.io.IOException;

/** A model file that cannot be read: truncated, corrupted, from a newer format version, or not a model file. */
public final class ModelFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public ModelFileException(String message) {
    super(message);
  }

  public ModelFileException(String message, Throwable cause) {
    super(message, cause);
  }
}

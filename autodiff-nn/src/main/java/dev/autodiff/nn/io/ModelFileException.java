package dev.autodiff.nn.io;

import java.io.IOException;

/**
 * A model or weights file that cannot be read: truncated, corrupted, from a newer format version, not such a file, or
 * (weights) not matching the model it is loaded into. The message says what is wrong and names the layer or tensor.
 */
public final class ModelFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public ModelFileException(String message) {
    super(message);
  }

  public ModelFileException(String message, Throwable cause) {
    super(message, cause);
  }
}

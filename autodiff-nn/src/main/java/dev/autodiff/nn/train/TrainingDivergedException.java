package dev.autodiff.nn.train;

/**
 * Training stopped because the loss or a gradient became NaN or infinite. The model holds the last good weights
 * (those before the failing step); {@link #history()} has everything up to it.
 */
public final class TrainingDivergedException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  private final transient History history;
  private final long step;

  TrainingDivergedException(String message, long step, History history) {
    super(message);
    this.step = step;
    this.history = history;
  }

  /** The 1-based step that produced the non-finite value. */
  public long step() {
    return step;
  }

  public History history() {
    return history;
  }
}

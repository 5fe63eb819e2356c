package dev.autodiff.nn.train;

/** Hooks into a training run. */
public interface Callback {
  /** After every optimizer step. */
  default void onStep(long step, double loss) {}

  /** After every epoch, with the history so far; return true to stop training. */
  default boolean onEpochEnd(int epoch, History history) {
    return false;
  }
}

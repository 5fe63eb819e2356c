package dev.autodiff.nn.train;

import dev.autodiff.nn.optim.Objective;

/**
 * The point of a training step where the loss and gradients of this worker's batch meet those of other workers,
 * between the backward pass and the optimizer (and before {@link Clipping}). One machine passes its own through
 * ({@link #local()}); a data-parallel trainer sums or averages the workers' evaluations here, in the same step, so
 * every worker applies the same update.
 */
@FunctionalInterface
public interface Reduction {
  /**
   * The evaluation the update will use, from this worker's {@code local} one for step {@code step} (0-based). The
   * result's gradients may be {@code local}'s storage, written in place.
   */
  Objective.Evaluation reduce(long step, Objective.Evaluation local);

  /** One worker: the local evaluation as it is. */
  static Reduction local() {
    return (step, local) -> local;
  }
}

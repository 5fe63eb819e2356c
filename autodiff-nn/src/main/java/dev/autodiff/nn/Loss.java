package dev.autodiff.nn;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Tensor;

/**
 * A loss: builds a scalar node from a batch of predictions and targets (one row per sample) and can check that
 * targets make sense for it before training starts. Made by {@link Losses}.
 */
public interface Loss {
  /** A short name with its parameters, e.g. {@code "hinge(1)"}. */
  String name();

  /** The loss of the batch, averaged over its samples (rows). */
  Node apply(Node prediction, Node target);

  /**
   * The shape of targets this loss expects for predictions {@code predictionCols} wide (usually the same width).
   */
  default int targetCols(int predictionCols) {
    return predictionCols;
  }

  /**
   * Rejects targets this loss cannot use (labels out of range, values outside [0, 1] for cross-entropy), naming
   * the first bad row and value.
   *
   * @throws IllegalArgumentException on bad targets
   */
  default void checkTargets(Tensor targets) {}
}

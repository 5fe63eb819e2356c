package dev.autodiff.nn.optim;

/**
 * One rule for moving parameters downhill. {@link #step} evaluates the objective as it needs, updates the
 * parameters in place, and returns the evaluation at the point where the step started (its loss is the step's
 * loss). State (momenta, squared-gradient sums, L-BFGS history) lives in the optimizer, per parameter.
 */
public interface Optimizer {
  /** Takes one step. */
  Objective.Evaluation step(Objective objective);

  /** The current learning rate (schedules change it between epochs). */
  double learningRate();

  /** Sets the learning rate (must be positive and finite). */
  void setLearningRate(double rate);

  /** A name with the hyper-parameters, e.g. {@code "adam(lr=0.001, beta1=0.9, beta2=0.999)"}. */
  String name();

  /** Forgets all state, as if new. */
  void reset();

  /**
   * Whether {@link #step} may keep gradient tensors after it returns (L-BFGS compares them across steps). When
   * false, a trainer may reuse their storage for the next step's gradients, which saves allocating them. Default:
   * true, the safe answer for optimizers written elsewhere.
   */
  default boolean keepsGradients() {
    return true;
  }

  /**
   * Whether {@link #step} changes each parameter by exactly one {@link dev.autodiff.core.graph.Parameter#update}
   * and nothing else, so that a trainer can undo a step with {@code revert()} instead of keeping a snapshot of every
   * value (which would keep the parameters from recycling their storage). Default: false.
   */
  default boolean stepsByUpdate() {
    return false;
  }
}

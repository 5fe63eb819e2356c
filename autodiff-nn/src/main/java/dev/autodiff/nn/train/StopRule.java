package dev.autodiff.nn.train;

import static dev.autodiff.core.Require.checkNotNull;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A stopping rule of the lectures, checked after every epoch: it returns why training should stop, or null.
 */
@FunctionalInterface
public interface StopRule {
  /**
   * The state a rule looks at after an epoch.
   *
   * @param epoch the finished epoch, from 1
   * @param steps optimizer steps so far
   * @param loss this epoch's training loss
   * @param previousLoss the previous epoch's training loss (NaN after the first)
   * @param weightChange {@code ||w(t+1) - w(t)||} over this epoch, all parameters together
   */
  record State(int epoch, long steps, double loss, double previousLoss, double weightChange) {}

  /** Why to stop, or null to go on. */
  String check(State s);

  /** Stop after {@code n} optimizer steps (also checked after every step). */
  static StopRule maxSteps(long n) {
    checkArgument(n > 0, "maxSteps: must be positive, got %s", n);
    return new MaxSteps(n);
  }

  /** The step limit; see {@link #maxSteps}. */
  record MaxSteps(long limit) implements StopRule {
    @Override
    public String check(State s) {
      checkNotNull(s, "maxSteps: state is null");
      return s.steps() >= limit ? "reached " + limit + " steps" : null;
    }
  }

  /** Stop when {@code |L(t+1) - L(t)| < epsilon} between epochs. */
  static StopRule lossChangeBelow(double epsilon) {
    checkArgument(epsilon > 0, "lossChangeBelow: epsilon must be positive, got %s", epsilon);
    return s -> checkNotNull(s, "lossChangeBelow: state is null") != null && !Double.isNaN(s.previousLoss()) && Math.abs(s.loss() - s.previousLoss()) < epsilon
        ? "loss changed by less than " + epsilon : null;
  }

  /** Stop when {@code ||w(t+1) - w(t)|| < epsilon} over an epoch. */
  static StopRule weightChangeBelow(double epsilon) {
    checkArgument(epsilon > 0, "weightChangeBelow: epsilon must be positive, got %s", epsilon);
    return s -> checkNotNull(s, "weightChangeBelow: state is null").weightChange() < epsilon ? "weights changed by less than " + epsilon : null;
  }
}

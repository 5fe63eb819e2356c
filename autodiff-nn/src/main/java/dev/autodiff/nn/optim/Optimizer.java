package dev.autodiff.nn.optim;

import dev.autodiff.core.graph.Parameter;
import java.util.List;

/**
 * An update rule as an immutable configuration (its learning rate, hyper-parameters and weight decay). What a rule
 * remembers between steps (momenta, squared-gradient sums, the L-BFGS history) lives in a {@link State} that
 * {@link #start} makes fresh for every training run, so fitting twice starts twice from the same place; a trainer
 * keeps a state only when asked to resume.
 */
public interface Optimizer {
  /** A name with the hyper-parameters, e.g. {@code "adam(lr=0.001, beta1=0.9, beta2=0.999)"}. */
  String name();

  /** The configured (base) learning rate; schedules scale it step by step. */
  double learningRate();

  /** This rule with another base learning rate (positive and finite). */
  Optimizer withLearningRate(double rate);

  /**
   * This rule with weight decay {@code lambda >= 0} of the given form (see {@link WeightDecay}); 0 turns it off.
   *
   * @throws IllegalArgumentException when the form is not defined for this rule
   */
  Optimizer withWeightDecay(double lambda, WeightDecay form);

  /** Fresh per-run state for {@code parameters} (the trainer's trainable parameters, in a fixed order). */
  State start(List<Parameter> parameters);

  /** What one training run of a rule remembers between its steps. */
  interface State {
    /**
     * Takes one step at {@code learningRate}: evaluates the objective as the rule needs (once for most rules; at a
     * look-ahead point, or along a line search, for others), moves the parameters, and returns the evaluation at the
     * point where the step started (its loss is the step's loss).
     */
    Objective.Evaluation step(Objective objective, double learningRate);

    /** Steps taken so far. */
    long steps();

    /**
     * Whether {@link #step} may keep gradient storage after it returns (L-BFGS compares gradients across steps).
     * When false, a trainer reuses that storage for the next step's gradients. Default: true, the safe answer.
     */
    default boolean keepsGradients() {
      return true;
    }

    /**
     * Whether {@link #step} changes each parameter by exactly one {@link Parameter#update} and nothing else, so a
     * trainer can undo a step with {@code revert()} instead of a snapshot of every value. Default: false.
     */
    default boolean stepsByUpdate() {
      return false;
    }
  }
}

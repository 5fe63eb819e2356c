package dev.autodiff.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.MutableTensor;
import dev.autodiff.core.tensor.Tensor;
import java.util.List;

/**
 * What an optimizer minimizes: a loss of some parameters, evaluated at their current values. Optimizers move the
 * parameters with {@link Parameter#set} and evaluate again as they need (Nesterov at a look-ahead point, L-BFGS in
 * its line search).
 */
public interface Objective {
  /**
   * The loss and one gradient per parameter (same order and shapes) at the current values. The gradients are
   * {@link MutableTensor}s because a trainer's evaluation hands out the storage its program writes again at the next
   * evaluation: read them during the step, and snapshot what must be kept ({@link Optimizer.State#keepsGradients()} asks
   * the trainer for storage of its own instead).
   */
  record Evaluation(double loss, List<MutableTensor> gradients) {
    public Evaluation {
      checkNotNull(gradients, "evaluation: gradients are null");
      for (MutableTensor g : gradients) {  // every step: a loop, not a stream
        checkArgument(g != null, "evaluation: a gradient is null");
      }
      gradients = List.copyOf(gradients);
    }

    /** An evaluation holding copies of immutable gradients (for objectives written by hand). */
    public static Evaluation of(double loss, List<Tensor> gradients) {
      checkNotNull(gradients, "evaluation: gradients are null");
      List<MutableTensor> copies = new java.util.ArrayList<>(gradients.size());
      for (Tensor g : gradients) {
        checkNotNull(g, "evaluation: a gradient is null");
        copies.add(MutableTensor.copyOf(g));
      }
      return new Evaluation(loss, copies);
    }
  }

  /** The parameters, in a fixed order. */
  List<Parameter> parameters();

  /** The loss and its gradients at the parameters' current values. */
  Evaluation evaluate();

  /**
   * The loss alone at the parameters' current values, for a line search's trial points: the same function as
   * {@link #evaluate()}'s loss (a trainer evaluates it on the step's batch with the step's dropout masks), without
   * gradients. Default: {@code evaluate().loss()}.
   */
  default double loss() {
    return evaluate().loss();
  }

  /**
   * The Hessian of the loss with respect to all parameters, flattened in order (row-major within each): an
   * {@code N x N} matrix. For Newton's method on small models.
   *
   * @throws UnsupportedOperationException when this objective cannot give one
   */
  default Tensor hessian() {
    throw new UnsupportedOperationException("this objective has no Hessian");
  }
}

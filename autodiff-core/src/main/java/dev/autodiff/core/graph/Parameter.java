package dev.autodiff.core.graph;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.tensor.Tensor;

/**
 * A named, trainable leaf that holds a current value. Programs read the value at the start of each run;
 * optimizers replace it with {@link #set}. The shape is fixed at creation.
 */
public final class Parameter extends Node {
  private volatile Tensor value;

  Parameter(Graph graph, int id, String name, Tensor value, String group) {
    super(graph, id, Leaf.PARAMETER, new Node[0], value.shape(), name, group);
    this.value = value;
  }

  /** The current value. */
  public Tensor value() {
    return value;
  }

  /** Replaces the current value with one of the same shape. */
  public void set(Tensor newValue) {
    checkNotNull(newValue, "parameter %s: value is null", label());
    checkArgument(newValue.shape().equals(shape()),
        "parameter %s: value has shape %s, the parameter has %s", label(), newValue.shape(), shape());
    this.value = newValue;
  }

  /** Replaces the value of a scalar parameter. */
  public void set(double newValue) {
    set(Tensor.scalar(newValue));
  }

  /** The parameter's name (always present). */
  public String parameterName() {
    return name().orElseThrow();
  }
}

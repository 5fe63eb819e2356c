package dev.autodiff.nn.classic;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

/**
 * The McCulloch–Pitts neuron: {@code y = [S >= 0]} with {@code S = w0 + sum_i w_i x_i} (binary output, 0 or 1), or
 * the bipolar form {@code y = 1 if S >= 0 else -1} used by Hebb's rule.
 */
public final class ThresholdNeuron {
  private final double[] weights;
  private final boolean bipolar;

  /** A neuron with {@code weights = (w0, w1, ..., wn)}, binary output. */
  public ThresholdNeuron(double... weights) {
    this(false, weights);
  }

  private ThresholdNeuron(boolean bipolar, double... weights) {
    checkNotNull(weights, "threshold neuron: weights are null");
    checkArgument(weights.length >= 2, "threshold neuron: needs w0 and at least one input weight, got %s",
        weights.length);
    for (double w : weights) {
      checkArgument(Double.isFinite(w), "threshold neuron: weights must be finite, got %s", w);
    }
    this.weights = weights.clone();
    this.bipolar = bipolar;
  }

  /** A neuron with outputs -1 and 1. */
  public static ThresholdNeuron bipolar(double... weights) {
    return new ThresholdNeuron(true, weights);
  }

  /** AND of two binary inputs: {@code S = x1 + x2 - 1.5}. */
  public static ThresholdNeuron and() {
    return new ThresholdNeuron(-1.5, 1, 1);
  }

  /** OR of two binary inputs: {@code S = x1 + x2 - 0.5}. */
  public static ThresholdNeuron or() {
    return new ThresholdNeuron(-0.5, 1, 1);
  }

  /** NOT of one binary input: {@code S = 0.5 - x1}. */
  public static ThresholdNeuron not() {
    return new ThresholdNeuron(0.5, -1);
  }

  /** The weighted sum {@code S = w0 + sum_i w_i x_i}. */
  public double sum(double... x) {
    checkNotNull(x, "threshold neuron: input is null");
    checkArgument(x.length == weights.length - 1, "threshold neuron: expects %s inputs, got %s", weights.length - 1,
        x.length);
    double s = weights[0];
    for (int i = 0; i < x.length; i++) {
      s += weights[i + 1] * x[i];
    }
    return s;
  }

  /** The output: 1 if {@code S >= 0}, else 0 (or -1 for a bipolar neuron). */
  public double output(double... x) {
    return sum(x) >= 0 ? 1 : bipolar ? -1 : 0;
  }

  public double[] weights() {
    return weights.clone();
  }

  /** Whether the neuron gives {@code targets[k]} for every {@code inputs[k]}. */
  public boolean computes(double[][] inputs, double[] targets) {
    checkNotNull(inputs, "threshold neuron: inputs are null");
    checkNotNull(targets, "threshold neuron: targets are null");
    checkArgument(inputs.length == targets.length, "threshold neuron: %s inputs for %s targets", inputs.length,
        targets.length);
    for (int k = 0; k < inputs.length; k++) {
      if (output(inputs[k]) != targets[k]) {
        return false;
      }
    }
    return true;
  }
}

package dev.autodiff.nn.classic;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import java.util.function.DoubleUnaryOperator;

/**
 * The lectures' learning rules for one neuron, each returning the new weights {@code (w0, w1, ..., wn)} after one
 * sample {@code x} with target {@code t} ({@code x0 = 1} is implied):
 * <ul>
 *   <li>perceptron (Rosenblatt): {@code w_i += eta (t - y) x_i}, {@code y = [S >= 0]}, {@code t} in {0, 1};
 *   <li>Hebb: {@code x} in {0, 1}, {@code t} in {-1, 1}: {@code w_i = w_i + delta t x_i} (each weight moves by
 *       {@code +-delta} where its input is on);
 *   <li>delta (Widrow–Hoff): {@code y = S}, {@code w_i = w_i - eta (y - t) x_i}, the gradient step of
 *       {@code E = 1/2 (y - t)^2};
 *   <li>generalized delta: {@code y = f(S)}, {@code w_i = w_i - eta (y - t) x_i f'(S)};
 *   <li>sigmoid delta: {@code y = 1 / (1 + e^(-S / lambda))}, {@code w_i = w_i - eta (y - t) x_i y (1 - y) / lambda}
 *       (the lecture's {@code y (1 - y)} at {@code lambda = 1}).
 * </ul>
 */
public final class LearningRules {
  private LearningRules() {}

  /** {@code S = w0 + sum_i w_i x_i}. */
  public static double sum(double[] w, double[] x) {
    return sum("sum", w, x);
  }

  /** {@link #sum(double[], double[])} whose errors name {@code rule}. */
  private static double sum(String rule, double[] w, double[] x) {
    checkNotNull(w, "%s: weights are null", rule);
    checkNotNull(x, "%s: input is null", rule);
    checkArgument(w.length == x.length + 1, "%s: %s weights (with w0) for %s inputs", rule, w.length, x.length);
    double s = w[0];
    for (int i = 0; i < x.length; i++) {
      s += w[i + 1] * x[i];
    }
    return s;
  }

  /** {@code w + c (1, x)}. */
  private static double[] add(double[] w, double c, double[] x) {
    double[] out = w.clone();
    out[0] += c;
    for (int i = 0; i < x.length; i++) {
      out[i + 1] += c * x[i];
    }
    return out;
  }

  private static void checkRate(String rule, double eta) {
    checkArgument(eta > 0 && Double.isFinite(eta), "%s: learning rate must be positive and finite, got %s", rule, eta);
  }

  /** Rosenblatt's rule for targets in {0, 1}. */
  public static double[] perceptron(double[] w, double[] x, double t, double eta) {
    checkRate("perceptron", eta);
    checkArgument(t == 0 || t == 1, "perceptron: target must be 0 or 1, got %s", t);
    double y = sum("perceptron", w, x) >= 0 ? 1 : 0;
    return add(w, eta * (t - y), x);
  }

  /** Hebb's rule for inputs in {0, 1} and targets in {-1, 1}. */
  public static double[] hebb(double[] w, double[] x, double t, double delta) {
    sum("hebb", w, x);
    checkArgument(delta > 0 && Double.isFinite(delta), "hebb: delta must be positive, got %s", delta);
    checkArgument(t == 1 || t == -1, "hebb: target must be -1 or 1, got %s", t);
    for (double xi : x) {
      checkArgument(xi == 0 || xi == 1, "hebb: inputs must be 0 or 1, got %s", xi);
    }
    return add(w, delta * t, x);
  }

  /** The delta (Widrow–Hoff) rule for a linear neuron {@code y = S}. */
  public static double[] delta(double[] w, double[] x, double t, double eta) {
    checkRate("delta", eta);
    double y = sum("delta", w, x);
    return add(w, -eta * (y - t), x);
  }

  /** The generalized delta rule for {@code y = f(S)} with derivative {@code fPrime}. */
  public static double[] generalizedDelta(double[] w, double[] x, double t, double eta, DoubleUnaryOperator f,
      DoubleUnaryOperator fPrime) {
    checkRate("generalized delta", eta);
    checkNotNull(f, "generalized delta: f is null");
    checkNotNull(fPrime, "generalized delta: f' is null");
    double s = sum("generalized delta", w, x);
    return add(w, -eta * (f.applyAsDouble(s) - t) * fPrime.applyAsDouble(s), x);
  }

  /** The sigmoid delta rule with temperature {@code lambda}. */
  public static double[] sigmoidDelta(double[] w, double[] x, double t, double eta, double lambda) {
    checkRate("sigmoid delta", eta);
    checkArgument(lambda > 0 && Double.isFinite(lambda), "sigmoid delta: lambda must be positive, got %s", lambda);
    double y = 1 / (1 + Math.exp(-sum("sigmoid delta", w, x) / lambda));
    return add(w, -eta * (y - t) * y * (1 - y) / lambda, x);
  }

  /**
   * Trains with the perceptron rule, sample by sample in order, until an epoch makes no mistake; returns the number
   * of epochs that took, or -1 if {@code maxEpochs} were not enough (as for XOR, which no threshold neuron
   * represents). {@code w} is updated in place.
   */
  public static int trainPerceptron(double[] w, double[][] inputs, double[] targets, double eta, int maxEpochs) {
    checkNotNull(w, "perceptron: weights are null");
    checkNotNull(inputs, "perceptron: inputs are null");
    checkNotNull(targets, "perceptron: targets are null");
    checkArgument(inputs.length == targets.length && inputs.length > 0, "perceptron: %s inputs for %s targets",
        inputs.length, targets.length);
    checkArgument(maxEpochs > 0, "perceptron: maxEpochs must be positive, got %s", maxEpochs);
    for (int epoch = 1; epoch <= maxEpochs; epoch++) {
      int mistakes = 0;
      for (int k = 0; k < inputs.length; k++) {
        double[] next = perceptron(w, inputs[k], targets[k], eta);
        if (!java.util.Arrays.equals(next, w)) {
          mistakes++;
          System.arraycopy(next, 0, w, 0, w.length);
        }
      }
      if (mistakes == 0) {
        return epoch;
      }
    }
    return -1;
  }
}

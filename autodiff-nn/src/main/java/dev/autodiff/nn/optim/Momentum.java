package dev.autodiff.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Momentum in the lecture's form, {@code m = gamma m + eta g; w -= m}. Nesterov's variant takes the gradient at
 * the look-ahead point {@code w - gamma m}; it keeps that point in the parameters (as PyTorch and Keras do), where
 * the update is {@code m = gamma m + eta g(u); u -= gamma m + eta g(u)} with {@code u = w - gamma m}: the same
 * sequence of look-ahead points, one evaluation per step at the parameters' values.
 */
public final class Momentum extends FirstOrder.Elementwise {
  private final double gamma;
  private final boolean nesterov;

  Momentum(double rate, double gamma, boolean nesterov, double decay, WeightDecay form) {
    super(nesterov ? "nesterov" : "momentum", rate, decay, form);
    checkArgument(gamma >= 0 && gamma < 1, "%s: gamma must be in [0, 1), got %s", rule, gamma);
    this.gamma = gamma;
    this.nesterov = nesterov;
  }

  public static Momentum of(double learningRate, double gamma) {
    return new Momentum(learningRate, gamma, false, 0, WeightDecay.COUPLED);
  }

  public static Momentum nesterov(double learningRate, double gamma) {
    return new Momentum(learningRate, gamma, true, 0, WeightDecay.COUPLED);
  }

  @Override
  FirstOrder copy(double rate, double decay, WeightDecay form) {
    return new Momentum(rate, gamma, nesterov, decay, form);
  }

  @Override
  String settings() {
    return ", gamma=" + gamma;
  }

  @Override
  int arrays() {
    return 1;
  }

  @Override
  void update(double[] w, double[] g, double[][] s, double lr, long t, double[] out) {
    double[] m = s[0];
    if (nesterov) {
      for (int k = 0; k < w.length; k++) {
        double step = lr * g[k];
        m[k] = gamma * m[k] + step;
        out[k] = w[k] - gamma * m[k] - step;
      }
    } else {
      for (int k = 0; k < w.length; k++) {
        m[k] = gamma * m[k] + lr * g[k];
        out[k] = w[k] - m[k];
      }
    }
  }
}

package dev.autodiff.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

/** AdaGrad: {@code G += g^2; w -= eta g / sqrt(G + eps)}. */
public final class AdaGrad extends FirstOrder.Elementwise {
  private final double eps;

  AdaGrad(double rate, double eps, double decay, WeightDecay form) {
    super("adagrad", rate, decay, form);
    checkArgument(eps > 0 && Double.isFinite(eps), "adagrad: eps must be positive, got %s", eps);
    this.eps = eps;
  }

  /** AdaGrad with {@code eps = 1e-8}. */
  public static AdaGrad of(double learningRate) {
    return new AdaGrad(learningRate, 1e-8, 0, WeightDecay.COUPLED);
  }

  @Override
  FirstOrder copy(double rate, double decay, WeightDecay form) {
    return new AdaGrad(rate, eps, decay, form);
  }

  @Override
  String settings() {
    return "";
  }

  @Override
  int arrays() {
    return 1;
  }

  @Override
  void update(double[] w, double[] g, double[][] s, double lr, long t, double[] out) {
    double[] sum = s[0];
    for (int k = 0; k < w.length; k++) {
      sum[k] += g[k] * g[k];
      out[k] = w[k] - lr * g[k] / Math.sqrt(sum[k] + eps);
    }
  }
}

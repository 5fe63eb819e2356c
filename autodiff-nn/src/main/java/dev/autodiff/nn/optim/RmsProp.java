package dev.autodiff.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

/** RMSProp: {@code v = rho v + (1 - rho) g^2; w -= eta g / (sqrt(v) + eps)}. */
public final class RmsProp extends FirstOrder.Elementwise {
  private final double rho;
  private final double eps;

  RmsProp(double rate, double rho, double eps, double decay, WeightDecay form) {
    super("rmsprop", rate, decay, form);
    checkArgument(rho >= 0 && rho < 1, "rmsprop: rho must be in [0, 1), got %s", rho);
    checkArgument(eps > 0 && Double.isFinite(eps), "rmsprop: eps must be positive, got %s", eps);
    this.rho = rho;
    this.eps = eps;
  }

  /** RMSProp with {@code eps = 1e-8}. */
  public static RmsProp of(double learningRate, double rho) {
    return new RmsProp(learningRate, rho, 1e-8, 0, WeightDecay.COUPLED);
  }

  @Override
  FirstOrder copy(double rate, double decay, WeightDecay form) {
    return new RmsProp(rate, rho, eps, decay, form);
  }

  @Override
  String settings() {
    return ", rho=" + rho;
  }

  @Override
  int arrays() {
    return 1;
  }

  @Override
  void update(double[] w, double[] g, double[][] s, double lr, long t, double[] out) {
    double[] v = s[0];
    for (int k = 0; k < w.length; k++) {
      v[k] = rho * v[k] + (1 - rho) * g[k] * g[k];
      out[k] = w[k] - lr * g[k] / (Math.sqrt(v[k]) + eps);
    }
  }
}

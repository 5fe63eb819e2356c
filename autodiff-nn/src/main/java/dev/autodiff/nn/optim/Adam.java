package dev.autodiff.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Adam: {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= eta (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) +
 * eps)}; with decoupled weight decay it is AdamW ({@code w -= eta lambda w} besides).
 */
public final class Adam extends FirstOrder.Elementwise {
  private final double beta1;
  private final double beta2;
  private final double eps;

  Adam(double rate, double beta1, double beta2, double eps, double decay, WeightDecay form) {
    super(decay > 0 && form == WeightDecay.DECOUPLED ? "adamw" : "adam", rate, decay, form);
    checkArgument(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1,
        "adam: betas must be in [0, 1), got %s and %s", beta1, beta2);
    checkArgument(eps > 0 && Double.isFinite(eps), "adam: eps must be positive, got %s", eps);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
  }

  /** Adam with {@code eps = 1e-8}. */
  public static Adam of(double learningRate, double beta1, double beta2) {
    return new Adam(learningRate, beta1, beta2, 1e-8, 0, WeightDecay.COUPLED);
  }

  @Override
  FirstOrder copy(double rate, double decay, WeightDecay form) {
    return new Adam(rate, beta1, beta2, eps, decay, form);
  }

  @Override
  String settings() {
    return ", beta1=" + beta1 + ", beta2=" + beta2;
  }

  @Override
  public String name() {
    // AdamW's decay is its own: "adamw(..., weight_decay=0.01)", as the paper and PyTorch name it
    return rule.equals("adamw") ? "adamw(lr=" + rate + settings() + ", weight_decay=" + decay + ")" : super.name();
  }

  @Override
  int arrays() {
    return 2;
  }

  @Override
  void update(double[] w, double[] g, double[][] s, double lr, long t, double[] out) {
    // w - rate (m / c1) / (sqrt(v / c2) + eps): the bias corrections folded into two constants, one division
    double stepSize = lr / (1 - Math.pow(beta1, t));
    double inverseC2 = 1 / (1 - Math.pow(beta2, t));
    double[] m1 = s[0];
    double[] v1 = s[1];
    for (int k = 0; k < w.length; k++) {
      double gk = g[k];
      double m = beta1 * m1[k] + (1 - beta1) * gk;
      double v = beta2 * v1[k] + (1 - beta2) * gk * gk;
      m1[k] = m;
      v1[k] = v;
      out[k] = w[k] - stepSize * m / (Math.sqrt(v * inverseC2) + eps);
    }
  }
}

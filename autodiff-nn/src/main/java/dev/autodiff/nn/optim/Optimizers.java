package dev.autodiff.nn.optim;

/**
 * The optimizers of the lectures, by their usual names. Each is an immutable {@link Optimizer} configuration (the
 * rule's class says its update); {@code withLearningRate} and {@code withWeightDecay} make variants.
 * <ul>
 *   <li>{@link #sgd}: {@link Sgd}, {@code w -= eta g};
 *   <li>{@link #momentum}, {@link #nesterov}: {@link Momentum}, {@code m = gamma m + eta g; w -= m};
 *   <li>{@link #adagrad}: {@link AdaGrad}; {@link #rmsprop}: {@link RmsProp}; {@link #adam}: {@link Adam};
 *   <li>{@link #adamW}: Adam with decoupled weight decay;
 *   <li>{@link #newton}: {@link Newton}'s method with the exact Hessian and a line search;
 *   <li>{@link #lbfgs}: {@link Lbfgs}, limited-memory BFGS with the same line search; meant for full batches.
 * </ul>
 */
public final class Optimizers {
  private Optimizers() {}

  public static Optimizer sgd(double learningRate) {
    return Sgd.of(learningRate);
  }

  public static Optimizer momentum(double learningRate, double gamma) {
    return Momentum.of(learningRate, gamma);
  }

  public static Optimizer nesterov(double learningRate, double gamma) {
    return Momentum.nesterov(learningRate, gamma);
  }

  public static Optimizer adagrad(double learningRate) {
    return AdaGrad.of(learningRate);
  }

  /** RMSProp with {@code rho = 0.9}. */
  public static Optimizer rmsprop(double learningRate) {
    return RmsProp.of(learningRate, 0.9);
  }

  public static Optimizer rmsprop(double learningRate, double rho) {
    return RmsProp.of(learningRate, rho);
  }

  /** Adam with the usual {@code beta1 = 0.9, beta2 = 0.999, eps = 1e-8}. */
  public static Optimizer adam(double learningRate) {
    return Adam.of(learningRate, 0.9, 0.999);
  }

  public static Optimizer adam(double learningRate, double beta1, double beta2) {
    return Adam.of(learningRate, beta1, beta2);
  }

  /** AdamW: Adam with decoupled weight decay {@code lambda} ({@code w -= eta lambda w} besides Adam's step). */
  public static Optimizer adamW(double learningRate, double weightDecay) {
    return adam(learningRate).withWeightDecay(weightDecay, WeightDecay.DECOUPLED);
  }

  /** Newton's method with the exact Hessian and step size {@code learningRate} (1 for the pure method). */
  public static Optimizer newton(double learningRate) {
    return Newton.of(learningRate);
  }

  /** L-BFGS remembering {@code history} pairs, trying step {@code learningRate} (usually 1) first. */
  public static Optimizer lbfgs(double learningRate, int history) {
    return Lbfgs.of(learningRate, history);
  }
}

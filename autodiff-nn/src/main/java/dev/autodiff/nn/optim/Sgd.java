package dev.autodiff.nn.optim;

/**
 * Gradient descent {@code w -= eta g}: full-batch gradient descent, SGD on single samples or minibatch SGD,
 * depending only on the trainer's batch size.
 */
public final class Sgd extends FirstOrder.Elementwise {
  Sgd(double rate, double decay, WeightDecay form) {
    super("sgd", rate, decay, form);
  }

  public static Sgd of(double learningRate) {
    return new Sgd(learningRate, 0, WeightDecay.COUPLED);
  }

  @Override
  FirstOrder copy(double rate, double decay, WeightDecay form) {
    return new Sgd(rate, decay, form);
  }

  @Override
  String settings() {
    return "";
  }

  @Override
  int arrays() {
    return 0;
  }

  @Override
  void update(double[] w, double[] g, double[][] s, double lr, long t, double[] out) {
    for (int k = 0; k < w.length; k++) {
      out[k] = w[k] - lr * g[k];
    }
  }
}

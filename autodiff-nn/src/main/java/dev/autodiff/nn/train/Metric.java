package dev.autodiff.nn.train;

import static dev.autodiff.core.Require.checkNotNull;

import static com.google.common.base.Preconditions.checkArgument;

import dev.autodiff.core.tensor.Tensor;

/**
 * A number computed from predictions and targets of a set of samples, reported per epoch next to the loss.
 *
 * @param name its name in logs and history ({@code "accuracy"}, {@code "mae"})
 * @param function how it is computed
 */
public record Metric(String name, java.util.function.BiFunction<Tensor, Tensor, Double> function) {
  /** The metric of {@code predictions} against {@code targets}. */
  public double compute(Tensor predictions, Tensor targets) {
    checkNotNull(predictions, "metric %s: predictions are null", name);
    checkNotNull(targets, "metric %s: targets are null", name);
    checkArgument(predictions.rows() == targets.rows(),
        "metric %s: %s predictions for %s targets", name, predictions.shape(), targets.shape());
    return function.apply(predictions, targets);
  }

  /**
   * Accuracy: for several outputs, whether the largest output is at the target's largest entry (one-hot or
   * probabilities); for one output, whether prediction and target fall on the same side of 0.5 (0 for targets in
   * {-1, 1}).
   */
  public static final Metric ACCURACY = new Metric("accuracy", Metric::accuracy);

  /** Mean absolute error over all outputs. */
  public static final Metric MAE = new Metric("mae", (p, t) -> {
    checkArgument(p.shape().equals(t.shape()), "metric mae: predictions %s and targets %s differ in shape",
        p.shape(), t.shape());
    double s = 0;
    for (int i = 0; i < p.size(); i++) {
      s += Math.abs(p.at(i) - t.at(i));
    }
    return s / p.size();
  });

  private static double accuracy(Tensor p, Tensor t) {
    checkArgument(p.shape().equals(t.shape()), "metric accuracy: predictions %s and targets %s differ in shape",
        p.shape(), t.shape());
    int correct = 0;
    if (p.cols() == 1) {
      double threshold = 0.5;
      for (int i = 0; i < t.size(); i++) {
        if (t.at(i) < 0) {
          threshold = 0;
          break;
        }
      }
      for (int r = 0; r < p.rows(); r++) {
        correct += (p.at(r) >= threshold) == (t.at(r) >= threshold) ? 1 : 0;
      }
    } else {
      for (int r = 0; r < p.rows(); r++) {
        correct += argmax(p, r) == argmax(t, r) ? 1 : 0;
      }
    }
    return (double) correct / p.rows();
  }

  /** The column of the largest value in row {@code r} (the first one on ties). */
  public static int argmax(Tensor t, int r) {
    checkNotNull(t, "argmax: tensor is null");
    checkArgument(!t.shape().isScalar() && r >= 0 && r < t.rows(), "argmax: row %s is outside %s", r, t.shape());
    int best = 0;
    for (int c = 1; c < t.cols(); c++) {
      if (t.get(r, c) > t.get(r, best)) {
        best = c;
      }
    }
    return best;
  }
}

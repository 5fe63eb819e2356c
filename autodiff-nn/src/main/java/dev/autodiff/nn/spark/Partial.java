package dev.autodiff.nn.spark;

import java.io.Serializable;

/**
 * What partitions send back to the driver, summed by {@code treeReduce}: the loss summed over rows, the row count,
 * the gradient summed over rows (flattened, or null when only the loss was asked for), and in local-steps mode the
 * weights each partition ended at, times its rows.
 */
final class Partial implements Serializable {
  private static final long serialVersionUID = 1L;

  double loss;
  long rows;
  double[] gradient;
  double[] weights;

  /** This plus {@code other}, into this (a new sum is never needed: each partial is used once). */
  Partial merge(Partial other) {
    loss += other.loss;
    rows += other.rows;
    gradient = add(gradient, other.gradient);
    weights = add(weights, other.weights);
    return this;
  }

  private static double[] add(double[] a, double[] b) {
    if (a == null) {
      return b;
    }
    if (b != null) {
      for (int i = 0; i < a.length; i++) {
        a[i] += b[i];
      }
    }
    return a;
  }
}

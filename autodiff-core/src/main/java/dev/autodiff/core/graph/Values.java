package dev.autodiff.core.graph;

import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.internal.TensorStorage;

/** The check that every value entering a graph (a constant, a parameter's value) is finite, as feeds must be. */
final class Values {
  private Values() {}

  /**
   * Refuses {@code t} if an element is NaN or infinite, naming it: {@code "<what>: element 2 (row 1, column 0) is
   * NaN"}, {@code what} formatted from {@code format} and {@code args} only then.
   */
  static void checkFinite(Tensor t, String format, Object... args) {
    if (t.isFinite()) {
      return;
    }
    double[] v = TensorStorage.array(t);
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        int cols = t.shape().isScalar() ? 1 : t.shape().cols();
        String where = t.shape().isScalar() ? "element 0"
            : String.format("element %s (row %s, column %s)", i, i / cols, i % cols);
        throw new IllegalArgumentException(String.format(format, args) + ": " + where + " is " + v[i]);
      }
    }
  }
}

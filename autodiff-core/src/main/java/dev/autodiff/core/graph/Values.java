package dev.autodiff.core.graph;

import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.internal.TensorStorage;

/**
 * The values a graph holds: the check that every value entering it (a constant, a parameter's value) is finite, as
 * feeds must be, and constant folding.
 */
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

  /** Whether every element of {@code t} is finite. */
  static boolean isFinite(Tensor t) {
    for (double v : TensorStorage.array(t)) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  static boolean allConstant(Node[] args) {
    for (Node a : args) {
      if (!a.isConstant()) {
        return false;
      }
    }
    return true;
  }

  /** The value of {@code op} applied to constants {@code args}. */
  static Tensor fold(Op op, Node[] args, Shape shape) {
    double[][] in = new double[args.length][];
    Shape[] inShapes = new Shape[args.length];
    for (int i = 0; i < args.length; i++) {
      in[i] = TensorStorage.array(((Constant) args[i].op()).value());
      inShapes[i] = args[i].shape();
    }
    double[] out = new double[shape.size()];
    op.forward(in, inShapes, out, shape);
    return TensorStorage.wrap(shape, out);
  }
}

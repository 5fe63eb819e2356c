package dev.autodiff.core.ops;

import static com.google.common.base.Preconditions.checkArgument;

import dev.autodiff.core.tensor.Shape;
import java.util.List;

/** Shape-rule helpers shared by the ops: each failure names the op and the shapes. */
final class Checks {
  private Checks() {}

  static void arity(String op, List<Shape> inputs, int n) {
    checkArgument(inputs.size() == n, "%s: expects %s input(s), got %s", op, n, inputs.size());
  }

  static Shape matrix(String op, Shape s, String what) {
    checkArgument(!s.isScalar(), "%s: %s must be a matrix, got a scalar", op, what);
    return s;
  }
}

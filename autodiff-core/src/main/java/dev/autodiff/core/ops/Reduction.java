package dev.autodiff.core.ops;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * What the reductions share: an {@code axis} of {@code null} reduces everything to a scalar, {@code ROWS} gives one
 * result per column ({@code 1 x n}), {@code COLUMNS} one per row ({@code m x 1}).
 */
final class Reduction {
  private Reduction() {}

  static Shape shape(String op, Axis axis, List<Shape> inputs) {
    Checks.arity(op, inputs, 1);
    Shape in = inputs.get(0);
    return axis == null ? Shape.scalar() : axis.reduce(in);
  }

  static Notation notation(String op, Axis axis) {
    if (axis == null) {
      return Notation.function(op);
    }
    return Notation.function(op, axis == Axis.ROWS ? "rows" : "cols");
  }

  /** A reduction that leaves the shape unchanged (a scalar, or a row reduced over rows) is the identity. */
  static Node identityIfTrivial(Graph graph, List<Node> inputs, Shape shape) {
    Node x = inputs.get(0);
    return x.shape().equals(shape) ? x : null;
  }
}

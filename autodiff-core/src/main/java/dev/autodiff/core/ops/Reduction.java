package dev.autodiff.core.ops;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * The layout shared by reductions: an {@code axis} of {@code null} reduces everything to a scalar, {@code ROWS}
 * gives one result per column ({@code 1 x n}), {@code COLUMNS} one per row ({@code m x 1}). Result {@code g}
 * reduces elements {@code start(g) + k * stride} for {@code k < count}.
 */
final class Reduction {
  final int groups;
  final int count;
  final int stride;
  private final int groupStep;

  private Reduction(int groups, int count, int stride, int groupStep) {
    this.groups = groups;
    this.count = count;
    this.stride = stride;
    this.groupStep = groupStep;
  }

  static Reduction of(Axis axis, Shape in) {
    if (axis == null || in.isScalar()) {
      return new Reduction(1, in.size(), 1, 0);
    }
    return axis == Axis.ROWS
        ? new Reduction(in.cols(), in.rows(), in.cols(), 1)
        : new Reduction(in.rows(), in.cols(), 1, in.cols());
  }

  int start(int group) {
    return group * groupStep;
  }

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

package dev.autodiff.core.ops;

import dev.autodiff.core.Require;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.kernels.Reducer;
import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * Sum of all elements ({@code axis == null}) or over an axis. Adjoint: the gradient broadcast back to the input's
 * shape.
 */
public record Sum(Axis axis) implements Op {
  private static final Sum ALL = new Sum(null);

  /** Sum of all elements. */
  public static Sum all() {
    return ALL;
  }

  public static Sum over(Axis axis) {
    return new Sum(Require.checkNotNull(axis, "sum: axis is null"));
  }

  @Override
  public String opName() {
    return "sum";
  }

  @Override
  public Notation notation() {
    return Reduction.notation("sum", axis);
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    return Reduction.shape("sum", axis, inputs);
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    Kernels.reductions().reduce(Reducer.SUM, axis, in[0], inShapes[0], out);
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    return new Node[] {grad.broadcast(result.input(0).shape())};
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    return Reduction.identityIfTrivial(graph, inputs, shape);
  }
}

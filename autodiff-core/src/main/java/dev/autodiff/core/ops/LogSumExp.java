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
 * {@code log(sum(exp(x)))} of everything or over an axis. A primitive because the composite overflows: computed as
 * {@code m + log1p(sum of the others' exp(x - m))} with {@code m} the maximum (see {@link Reducer#LOG_SUM_EXP}).
 * Adjoint: {@code grad * softmax(x)}.
 */
public record LogSumExp(Axis axis) implements Op {
  private static final LogSumExp ALL = new LogSumExp(null);

  /** Of all elements. */
  public static LogSumExp all() {
    return ALL;
  }

  public static LogSumExp over(Axis axis) {
    return new LogSumExp(Require.checkNotNull(axis, "logsumexp: axis is null"));
  }

  @Override
  public String opName() {
    return "logsumexp";
  }

  @Override
  public Notation notation() {
    return Reduction.notation("logsumexp", axis);
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    return Reduction.shape("logsumexp", axis, inputs);
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    Kernels.reductions().reduce(Reducer.LOG_SUM_EXP, axis, in[0], inShapes[0], out);
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    // The gradient is softmax(x), the primitive, exact to a few ulps; exp(x - result) would lose about three digits
    // for logits near -1000.
    Node x = result.input(0);
    return new Node[] {grad.times(x.graph().apply(axis == null ? Softmax.all() : Softmax.over(axis), x))};
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    return Reduction.identityIfTrivial(graph, inputs, shape);
  }
}
